/**
 * The tray app's main process: lifecycle only. Every decision lives in app/ (presenter, notification
 * policy, IPC gate, window options, URL allowlist); the files beside this one apply them to Electron.
 *
 * Start: one instance per user data directory (a second launch shows the first one's window and
 * leaves), the app:// scheme, the monitor with history, settings and log under userData, the tray, the
 * IPC handlers. Quit: stop the monitor (which ends an open outage and closes the history database),
 * flush the log, then exit.
 */
import { join, resolve } from 'node:path';
import { app, dialog, Menu, powerMonitor, session, shell } from 'electron';
import type { EditableSettings } from '../app/api/contract.js';
import { applicationMenuRoles } from '../app/electron-policy/app-menu.js';
import { appPaths } from '../app/electron-policy/app-paths.js';
import { autostartPlan } from '../app/electron-policy/autostart-plan.js';
import { isAllowedExternalUrl } from '../app/electron-policy/external-url.js';
import { E2E_GLOBAL, isE2eRun, parseLaunchArgs, type LaunchOptions } from '../app/electron-policy/launch.js';
import { POWER_EVENTS, POWER_HINTS } from '../app/electron-policy/power-hints.js';
import { observeSettingsSaves } from '../app/electron-policy/settings-observer.js';
import { APP_USER_MODEL_ID } from '../app/notify/policy.js';
import type { TrayCommand } from '../app/tray/menu-commands.js';
import { createTimeFormatter, type TimeFormatter } from '../app/tray/time-format.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { isStartAtLoginEnabled, setStartAtLogin } from './autostart.js';
import { openCore } from './core.js';
import { denyAllPermissions } from './hardening.js';
import { registerApiIpc } from './ipc.js';
import { openAppLog } from './log.js';
import { attachNotifications } from './notifications.js';
import { createTrayController } from './tray.js';
import { createStatusWindow, type StatusWindow } from './window.js';

// Bundled as CommonJS into dist/main/ (scripts/build-main.mjs): the package root, or app.asar, is two up.
const ROOT = resolve(__dirname, '..', '..');
const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
const ICONS_DIR = join(ROOT, 'assets', 'icons');
const PRELOAD = join(__dirname, 'preload.cjs');
/** The tray's "Offline since 10:42" text drops or adds the date as days pass; nothing else needs a timer. */
const TRAY_REFRESH_MS = 60_000;
/** However stuck a probe is, quitting must finish. */
const SHUTDOWN_LIMIT_MS = 10_000;

let statusWindow: StatusWindow | null = null;
let showRequested = false;
let secondInstances = 0;

function start(): void {
  let launch: LaunchOptions;
  try {
    launch = parseLaunchArgs(process.argv);
  } catch (error) {
    process.stderr.write(`internet-conn: ${(error as Error).message}\n`);
    app.exit(64);
    return;
  }
  if (launch.userDataDir !== null) app.setPath('userData', launch.userDataDir);
  // Every renderer sandboxed, not only the status window's (the window options say so as well).
  app.enableSandbox();
  registerAppScheme();

  // The lock lives in the user data directory, so it is taken after that is settled.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  app.on('second-instance', () => {
    secondInstances += 1;
    if (statusWindow === null) showRequested = true;
    else statusWindow.show();
  });
  // A tray app lives on with no window open.
  app.on('window-all-closed', () => undefined);
  app
    .whenReady()
    .then(() => boot(launch))
    .catch((error: unknown) => fatal(error));
}

async function boot(launch: LaunchOptions): Promise<void> {
  app.dock?.hide();
  const menuRoles = applicationMenuRoles(process.platform);
  Menu.setApplicationMenu(
    menuRoles === null ? null : Menu.buildFromTemplate(menuRoles.map((role) => ({ role }))),
  );
  denyAllPermissions(session.defaultSession);
  serveRenderer(RENDERER_DIR);

  const paths = appPaths(app.getPath('userData'));
  const log = await openAppLog(paths);
  const e2e = isE2eRun(process.env);
  const opened = await openCore({
    paths,
    env: process.env,
    strict: e2e,
    notices:
      log === null ? [`The log folder ${paths.logDir} could not be created; nothing is being logged.`] : [],
  });
  if (!opened.ok) {
    if (e2e) process.stderr.write(`internet-conn: ${opened.message}\n`);
    else dialog.showErrorBox('internet-conn cannot start', opened.message);
    app.exit(1);
    return;
  }
  const { runtime, api: core, store } = opened.core;
  const plan = autostartPlan({
    platform: process.platform,
    env: process.env,
    execPath: process.execPath,
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
  });

  const applyStartAtLogin = async (settings: EditableSettings): Promise<void> => {
    try {
      if ((await isStartAtLoginEnabled(plan)) !== settings.startAtLogin) {
        await setStartAtLogin(plan, settings.startAtLogin);
      }
    } catch (error) {
      log?.note(`start-at-login failed message=${JSON.stringify((error as Error).message)}`);
    }
  };
  const api = observeSettingsSaves(core, async (settings) => {
    await applyStartAtLogin(settings);
    void tray.refresh();
  });

  const window = createStatusWindow({ preloadPath: PRELOAD, signInUrl: () => tray.signInUrl() });
  statusWindow = window;
  const tray = createTrayController({
    iconsDir: ICONS_DIR,
    api,
    startAtLogin: () => store.get().startAtLogin,
    logFolder: log !== null,
    formatTime: timeFormatter(),
    onCommand: (command) => runCommand(command),
  });

  const runCommand = (command: TrayCommand): void => {
    const done = (work: Promise<unknown>): void => {
      work.then(
        () => tray.refresh(),
        (error: unknown) =>
          log?.note(`tray-command-failed kind=${command.kind} message=${JSON.stringify(String(error))}`),
      );
    };
    switch (command.kind) {
      case 'check-now':
        return done(api.checkNow());
      case 'open-window':
        return window.show();
      case 'pause':
        return done(api.pause(command.untilMs));
      case 'resume':
        return done(api.resume());
      case 'open-sign-in':
        if (isAllowedExternalUrl(command.url, { signInUrl: tray.signInUrl() }))
          void shell.openExternal(command.url);
        return;
      case 'set-start-at-login':
        return done(api.updateSettings({ ...store.get(), startAtLogin: command.enabled }));
      case 'open-log-folder':
        return done(shell.openPath(paths.logDir));
      case 'quit':
        return app.quit();
      case 'none':
        return;
    }
  };

  const detachers: (() => void)[] = [];
  if (log !== null) {
    detachers.push(log.attach(runtime));
    log.note(`started version=${app.getVersion()} history=${JSON.stringify(runtime.dbPath ?? '-')}`);
  }
  detachers.push(
    registerApiIpc(api, () => window.current()),
    attachNotifications(runtime.monitor, {
      settings: () => store.get().notifications,
      openWindow: () => window.show(),
      icon: process.platform === 'linux' ? join(ICONS_DIR, 'linux', '128x128.png') : undefined,
    }),
    api.on('status-changed', () => void tray.refresh()),
    api.on('check-completed', () => void tray.refresh()),
  );
  for (const name of POWER_EVENTS) {
    const hint = POWER_HINTS[name];
    // One listener per event name; the names are the four powerMonitor documents for these hints.
    powerMonitor.on(name as 'suspend', () => runtime.monitor.hint(hint));
  }
  const timer = setInterval(() => void tray.refresh(), TRAY_REFRESH_MS);

  // The OS's own switch wins over the saved one: the user may have turned it off in the system settings.
  try {
    const enabled = await isStartAtLoginEnabled(plan);
    if (enabled !== store.get().startAtLogin)
      await core.updateSettings({ ...store.get(), startAtLogin: enabled });
  } catch {
    // Unknown OS state: keep the saved setting.
  }

  if (e2e) {
    (globalThis as Record<string, unknown>)[E2E_GLOBAL] = {
      tray: () => tray.view(),
      secondInstances: () => secondInstances,
      windowVisible: () => window.current()?.isVisible() ?? false,
      hideWindow: () => window.current()?.hide(),
    };
  }

  let exiting = false;
  let stopping = false;
  app.on('before-quit', (event) => {
    window.allowClose();
    if (exiting) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    const shutdown = async (): Promise<void> => {
      clearInterval(timer);
      for (const detach of detachers) detach();
      tray.destroy();
      api.dispose();
      // Ends an open outage now and writes it, then checkpoints and closes the history database.
      await runtime.stop();
      log?.note('stopped');
      await log?.flush();
    };
    void withLimit(shutdown(), SHUTDOWN_LIMIT_MS).finally(() => {
      exiting = true;
      app.exit(0);
    });
  });

  runtime.start();
  await tray.refresh();
  if (showRequested || !startsHidden(launch)) window.show();
}

function startsHidden(launch: LaunchOptions): boolean {
  if (launch.hidden) return true;
  // macOS login items cannot pass arguments; the OS says whether it started us.
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}

function timeFormatter(): TimeFormatter {
  try {
    return createTimeFormatter({ locale: app.getLocale() });
  } catch {
    return createTimeFormatter();
  }
}

function withLimit(work: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

function fatal(error: unknown): void {
  dialog.showErrorBox('internet-conn stopped', error instanceof Error ? error.message : String(error));
  app.exit(1);
}

start();
