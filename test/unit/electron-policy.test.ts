// The tray app's decisions that need no Electron (app/electron-policy/): the window's origin and what it
// may serve, which URLs leave for the browser, launch flags, file places, start at login per OS, what a
// tray update touches, how settings reach the host.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { EditableSettings, SettingsResult, StatusApi } from '../../app/api/contract.js';
import { loadSettings } from '../../app/config/load.js';
import {
  APP_INDEX_URL,
  APP_SCHEME_PRIVILEGES,
  appRequestPath,
  isAppOriginUrl,
} from '../../app/electron-policy/app-origin.js';
import { appPaths } from '../../app/electron-policy/app-paths.js';
import { autostartPlan } from '../../app/electron-policy/autostart-plan.js';
import { HELP_LINKS, isAllowedExternalUrl } from '../../app/electron-policy/external-url.js';
import { hostSettingsPlan } from '../../app/electron-policy/host-settings.js';
import { trayIconTheme } from '../../app/electron-policy/icon-theme.js';
import { applicationMenuRoles } from '../../app/electron-policy/app-menu.js';
import { isE2eRun, parseLaunchArgs } from '../../app/electron-policy/launch.js';
import { POWER_EVENTS, POWER_HINTS } from '../../app/electron-policy/power-hints.js';
import { observeSettingsSaves } from '../../app/electron-policy/settings-observer.js';
import { trayChanges } from '../../app/electron-policy/tray-diff.js';
import { isTrustedSender } from '../../app/electron-policy/trusted-sender.js';
import { HINTS } from '../../app/monitor/events.js';
import { commandFor } from '../../app/tray/menu-commands.js';
import { presentTray, type TrayInput } from '../../app/tray/presenter.js';
import { LAB_SETTINGS } from '../helpers/api-runtime.js';
import { tempDir } from '../helpers/history-fixtures.js';

const PORTAL = 'http://198.51.100.80/login?next=%2F';

describe('the status window origin', () => {
  it('serves the index page at app://internet-conn/ with a secure, standard, CORS-enabled scheme', () => {
    assert.equal(APP_INDEX_URL, 'app://internet-conn/index.html');
    assert.equal(appRequestPath(APP_INDEX_URL), 'index.html');
    assert.equal(appRequestPath('app://internet-conn/'), '');
    assert.equal(
      appRequestPath('app://internet-conn/assets/index-C_BNrjFT.js?v=1'),
      'assets/index-C_BNrjFT.js',
    );
    assert.equal(APP_SCHEME_PRIVILEGES.standard, true);
    assert.equal(APP_SCHEME_PRIVILEGES.secure, true);
    assert.equal(APP_SCHEME_PRIVILEGES.bypassCSP, false);
  });

  it('keeps a path that climbs with .. inside the build (URL parsing folds it at the root)', () => {
    assert.equal(appRequestPath('app://internet-conn/../../etc/passwd'), 'etc/passwd');
    assert.equal(appRequestPath('app://internet-conn/%2e%2e/%2e%2e/etc/passwd'), 'etc/passwd');
    assert.equal(appRequestPath('app://internet-conn/assets/%2e%2e/%2e%2e/x'), 'x');
  });

  const refused: readonly [string, string][] = [
    ['an encoded slash', 'app://internet-conn/assets%2f..%2f..%2fsecret'],
    ['an encoded backslash', 'app://internet-conn/..%5c..%5csecret'],
    ['a NUL byte', 'app://internet-conn/index.html%00.png'],
    ['another host', 'app://evil/index.html'],
    ['a look-alike host', 'app://internet-conn.evil/index.html'],
    ['a file URL', 'file:///etc/passwd'],
    ['not a URL', 'index.html'],
  ];
  for (const [what, url] of refused) {
    it(`refuses a request with ${what}`, () => assert.equal(appRequestPath(url), null));
  }

  it('trusts only our own top frame on our own origin', () => {
    assert.ok(isTrustedSender('app://internet-conn/index.html', true));
    assert.ok(isTrustedSender('app://internet-conn/index.html#token', true));
    assert.ok(!isTrustedSender('app://internet-conn/index.html', false));
    assert.ok(!isTrustedSender('file:///work/main/dist/renderer/index.html', true));
    assert.ok(!isTrustedSender('app://internet-conn.evil/', true));
    assert.ok(!isTrustedSender(null, true));
    assert.ok(!isTrustedSender(undefined, true));
    assert.ok(!isAppOriginUrl('APP://INTERNET-CONN:1/'));
  });
});

describe('external links', () => {
  it('opens the sign-in page the diagnosis found, and nothing else the page asks for', () => {
    const context = { signInUrl: PORTAL };
    assert.ok(isAllowedExternalUrl(PORTAL, context));
    assert.ok(isAllowedExternalUrl(`${PORTAL}#top`, context), 'a fragment does not make another page');
    assert.ok(!isAllowedExternalUrl('http://198.51.100.80/other', context));
    assert.ok(!isAllowedExternalUrl(PORTAL, { signInUrl: null }), 'no portal diagnosed now: no portal page');
  });

  const schemes = [
    'file:///etc/passwd',
    'smb://198.51.100.9/share',
    'javascript:alert(1)',
    'ms-settings:network',
  ];
  for (const url of schemes) {
    it(`never opens ${url.split(':')[0]}: even when it is the diagnosed sign-in URL`, () => {
      assert.ok(!isAllowedExternalUrl(url, { signInUrl: url }));
    });
  }

  it('opens a help link only when it is on the allowlist, and never one with credentials', () => {
    const help = 'https://docs.example.test/causes#dns-failing';
    assert.ok(isAllowedExternalUrl(help, { signInUrl: null, helpLinks: [help] }));
    assert.ok(
      !isAllowedExternalUrl('https://docs.example.test/causes/../evil', {
        signInUrl: null,
        helpLinks: [help],
      }),
    );
    const withCredentials = 'http://user:pw@198.51.100.80/login';
    assert.ok(!isAllowedExternalUrl(withCredentials, { signInUrl: withCredentials }));
    assert.deepEqual(HELP_LINKS, [], 'the window links to no help page yet');
  });
});

describe('launch and files', () => {
  it('reads --hidden and an absolute --user-data-dir anywhere after the executable', () => {
    assert.deepEqual(parseLaunchArgs(['/opt/internet-conn/internet-conn']), {
      hidden: false,
      userDataDir: null,
    });
    assert.deepEqual(
      parseLaunchArgs(['electron', '/src/dist/main/main.cjs', '--hidden', '--user-data-dir=/tmp/u']),
      {
        hidden: true,
        userDataDir: '/tmp/u',
      },
    );
    assert.throws(
      () => parseLaunchArgs(['exe', '--user-data-dir=rel/dir']),
      /--user-data-dir=rel\/dir: .* absolute path/,
    );
    assert.ok(isE2eRun({ INTERNET_CONN_E2E: '1' }));
    assert.ok(!isE2eRun({ INTERNET_CONN_E2E: 'true' }));
    assert.ok(!isE2eRun({}));
  });

  it('keeps history, settings and the log under userData', () => {
    const paths = appPaths('/home/ada/.config/internet-conn');
    assert.deepEqual(paths, {
      db: '/home/ada/.config/internet-conn/history.sqlite',
      settings: '/home/ada/.config/internet-conn/settings.json',
      logDir: '/home/ada/.config/internet-conn/logs',
      logFile: '/home/ada/.config/internet-conn/logs/app.log',
    });
  });

  it('maps each powerMonitor event to its monitor hint, covering every hint', () => {
    assert.deepEqual(POWER_HINTS, {
      suspend: 'suspend',
      resume: 'resume',
      'lock-screen': 'lock',
      'unlock-screen': 'unlock',
    });
    assert.deepEqual(POWER_EVENTS.map((event) => POWER_HINTS[event]).sort(), [...HINTS].sort());
  });
});

describe('start at login', () => {
  const base = {
    execPath: '/opt/internet-conn/internet-conn',
    isPackaged: true,
    appPath: '/opt/internet-conn/resources/app.asar',
  };

  it('uses a login item with --hidden on macOS and Windows', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      assert.deepEqual(autostartPlan({ ...base, platform, env: {} }), {
        kind: 'login-item',
        path: base.execPath,
        args: ['--hidden'],
      });
    }
  });

  it('writes an XDG entry on Linux that starts the AppImage file, not its vanishing mount', () => {
    const plan = autostartPlan({
      ...base,
      execPath: '/tmp/.mount_internXYZ/internet-conn',
      platform: 'linux',
      env: { HOME: '/home/ada', APPIMAGE: '/home/ada/Apps/internet-conn.AppImage' },
    });
    assert.deepEqual(plan, {
      kind: 'xdg',
      path: '/home/ada/.config/autostart/internet-conn.desktop',
      entry: { executable: '/home/ada/Apps/internet-conn.AppImage', args: ['--hidden'] },
    });
  });

  it('starts the installed executable on Linux without an AppImage, and Electron with the app path in development', () => {
    const installed = autostartPlan({
      ...base,
      platform: 'linux',
      env: { XDG_CONFIG_HOME: '/cfg', APPIMAGE: '' },
    });
    assert.equal(installed.kind, 'xdg');
    if (installed.kind === 'xdg') {
      assert.equal(installed.path, '/cfg/autostart/internet-conn.desktop');
      assert.equal(installed.entry.executable, base.execPath);
    }
    const dev = autostartPlan({
      platform: 'win32',
      env: {},
      execPath: 'C:\\e\\electron.exe',
      isPackaged: false,
      appPath: 'C:\\src',
    });
    assert.deepEqual(dev, { kind: 'login-item', path: 'C:\\e\\electron.exe', args: ['C:\\src', '--hidden'] });
  });
});

describe('tray updates', () => {
  const input: TrayInput = {
    status: 'online',
    since: 0,
    latencyMs: 14,
    topCauseTitle: null,
    pausedUntil: null,
    signInUrl: null,
    startAtLogin: false,
    platform: 'linux',
    iconTheme: 'dark',
    scaleFactor: 1,
    now: 1000,
  };
  const format = (): string => '10:42';

  it('touches only what changed between two views', () => {
    const online = presentTray(input, format);
    assert.deepEqual(trayChanges(null, online), { icon: true, tooltip: true, menu: true });
    assert.deepEqual(trayChanges(online, presentTray(input, format)), {
      icon: false,
      tooltip: false,
      menu: false,
    });
    const faster = presentTray({ ...input, latencyMs: 9 }, format);
    assert.deepEqual(trayChanges(online, faster), { icon: false, tooltip: true, menu: false });
    const offline = presentTray({ ...input, status: 'offline' }, format);
    assert.equal(trayChanges(online, offline).icon, true);
    const autostart = presentTray({ ...input, startAtLogin: true }, format);
    assert.deepEqual(trayChanges(online, autostart), { icon: false, tooltip: false, menu: true });
  });

  it('rebuilds the menu only when something but the latency changes', () => {
    const base = presentTray(input, format);
    const cases: readonly [string, Partial<TrayInput>, { tooltip: boolean; menu: boolean }][] = [
      ['the same check again', {}, { tooltip: false, menu: false }],
      ['14 ms → 16 ms', { latencyMs: 16 }, { tooltip: true, menu: false }],
      ['latency gone', { latencyMs: null }, { tooltip: true, menu: false }],
      [
        'online → limited',
        { status: 'limited', topCauseTitle: 'IPv6 is broken' },
        { tooltip: true, menu: true },
      ],
      ['paused', { status: 'paused', pausedUntil: -1 }, { tooltip: true, menu: true }],
      ['start at login switched', { startAtLogin: true }, { tooltip: false, menu: true }],
      ['a sign-in page appears', { status: 'limited', signInUrl: PORTAL }, { tooltip: true, menu: true }],
    ];
    for (const [name, change, expected] of cases) {
      const { tooltip, menu } = trayChanges(base, presentTray({ ...input, ...change }, format));
      assert.deepEqual({ tooltip, menu }, expected, name);
    }
  });

  it('offers "Open log folder" when the host keeps a log, and maps it to its command', () => {
    const ids = (view: ReturnType<typeof presentTray>): string[] => view.menu.map((item) => item.id);
    assert.ok(!ids(presentTray(input, format)).includes('open-log-folder'));
    const withLog = ids(presentTray({ ...input, logFolder: true }, format));
    assert.ok(withLog.indexOf('open-log-folder') > withLog.indexOf('start-at-login'));
    assert.ok(withLog.indexOf('open-log-folder') < withLog.indexOf('quit'));
    assert.deepEqual(commandFor('open-log-folder', { now: 0, signInUrl: null }), { kind: 'open-log-folder' });
  });

  it('picks the taskbar colour on Windows and the dark-panel icons on Linux', () => {
    assert.equal(trayIconTheme('win32', true), 'dark');
    assert.equal(trayIconTheme('win32', false), 'light');
    assert.equal(trayIconTheme('linux', false), 'dark');
  });
});

describe('settings in the tray app', () => {
  const paths = appPaths('/u');
  const load = (env: Record<string, string>) =>
    loadSettings({ flags: {}, env: { HOME: '/nonexistent-home', ...env }, cwd: '/', platform: 'linux' });

  const planFor = async (env: Record<string, string>) => {
    const plan = hostSettingsPlan(await load(env), paths);
    assert.ok(plan.ok);
    return plan;
  };

  it('pins targets set by the environment, says so, and keeps the history under userData', async () => {
    const plan = await planFor({ INTERNET_CONN_TARGETS: '127.0.0.1:9' });
    assert.deepEqual(plan.pinned, { targets: ['127.0.0.1:9'] });
    assert.equal(plan.dbPath, '/u/history.sqlite');
    assert.equal(plan.notices.length, 1);
    assert.match(plan.notices[0] ?? '', /^The probe targets are set by an environment variable/);
  });

  it('uses the history file the environment names', async () => {
    const plan = await planFor({ INTERNET_CONN_DB: '/data/h.sqlite' });
    assert.equal(plan.dbPath, '/data/h.sqlite');
    assert.deepEqual(plan.pinned, {});
    assert.deepEqual(plan.notices, []);
  });

  it('starts on the defaults with a notice naming the bad value when the configuration cannot be used', async () => {
    const plan = await planFor({ INTERNET_CONN_TIMEOUT_MS: 'abc' });
    assert.match(plan.notices[0] ?? '', /INTERNET_CONN_TIMEOUT_MS="abc"/);
    assert.match(plan.notices[0] ?? '', /default settings are in use/);
    assert.equal(plan.dbPath, '/u/history.sqlite');
    assert.equal(plan.defaults.timeoutMs, 3000);
  });

  it('refuses to fall back to the default (public) targets in a test run', async () => {
    const missing = '/nonexistent-home/config.json';
    const plan = hostSettingsPlan(
      await load({ INTERNET_CONN_CONFIG: missing, INTERNET_CONN_TARGETS: '127.0.0.1:9' }),
      paths,
      {
        strict: true,
      },
    );
    assert.equal(plan.ok, false);
    if (!plan.ok) assert.match(plan.message, /INTERNET_CONN_CONFIG=.*no such file/);
  });

  it('tells the host about a saved change, and not about a refused one', async () => {
    const seen: EditableSettings[] = [];
    const fake: StatusApi = {
      updateSettings: async (settings: EditableSettings): Promise<SettingsResult> =>
        settings.intervalMs > 0 ? { ok: true, settings } : { ok: false, errors: { intervalMs: 'bad' } },
    } as StatusApi;
    const observed = observeSettingsSaves(fake, (settings) => {
      seen.push(settings);
    });
    await observed.updateSettings({ ...LAB_SETTINGS, startAtLogin: true });
    await observed.updateSettings({ ...LAB_SETTINGS, intervalMs: 0 });
    assert.deepEqual(
      seen.map((settings) => settings.startAtLogin),
      [true],
    );
  });

  it('uses a temp directory only for what it is given', () => {
    const dir = tempDir('ic-policy-');
    try {
      assert.equal(appPaths(dir.dir).logDir, join(dir.dir, 'logs'));
    } finally {
      dir.cleanup();
    }
  });
});

describe('the application menu', () => {
  it('carries the app and edit roles on macOS, so ⌘C/⌘V/⌘X/⌘A work, and is absent elsewhere', () => {
    const cases: readonly [NodeJS.Platform, readonly string[] | null][] = [
      ['darwin', ['appMenu', 'editMenu']],
      ['win32', null],
      ['linux', null],
      ['freebsd', null],
    ];
    for (const [platform, roles] of cases) assert.deepEqual(applicationMenuRoles(platform), roles, platform);
  });
});
