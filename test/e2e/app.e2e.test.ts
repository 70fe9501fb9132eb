// The tray app end to end, in a real Electron: the built main process (dist/main/main.cjs) starts, its
// window shows a verdict from the monitor, the tray shows the same status (read from the main process
// through a global main sets only when INTERNET_CONN_E2E=1), a second launch shows the first instance's
// window and leaves, and quitting writes the log. Every probe target is a loopback listener this test
// starts: never the default public targets.
//
// Needs an Electron binary (`require('electron')` must name an executable that exists) and, on Linux, a
// display (run under `xvfb-run -a` on a headless machine). Otherwise it skips and says so.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { E2E_GLOBAL } from '../../app/electron-policy/launch.js';
import type { TrayView } from '../../app/tray/presenter.js';
import { tempDir } from '../helpers/history-fixtures.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const MAIN = join(ROOT, 'dist', 'main', 'main.cjs');
const HOW_TO_RUN =
  'To run it on a laptop: install the Electron binary (npm install without ELECTRON_SKIP_BINARY_DOWNLOAD, ' +
  'or node node_modules/electron/install.js), then `npm run test:e2e`.';

function electronBinary(): { readonly path: string } | { readonly skip: string } {
  let path: unknown;
  try {
    path = createRequire(import.meta.url)('electron');
  } catch (error) {
    return {
      skip: `no Electron binary: require('electron') failed (${(error as Error).message.split('\n')[0]}). ${HOW_TO_RUN}`,
    };
  }
  if (typeof path !== 'string' || !existsSync(path)) {
    return {
      skip: `no Electron binary: require('electron') returned ${JSON.stringify(path)}, which does not exist. ${HOW_TO_RUN}`,
    };
  }
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return {
      skip: `no display (DISPLAY and WAYLAND_DISPLAY are unset): run \`xvfb-run -a npm run test:e2e\`.`,
    };
  }
  return { path };
}

const electron = electronBinary();
const skip = 'skip' in electron ? electron.skip : false;
if (skip !== false) process.stdout.write(`# e2e skipped: ${skip}\n`);

const VERDICTS = ['online', 'limited', 'offline'];

describe('the tray app', { skip }, () => {
  let listener: Server;
  let port = 0;
  let dir: { dir: string; cleanup: () => void };
  let app: ElectronApplication;
  let closed = false;
  let page: Page;
  let args: string[] = [];
  let env: Record<string, string> = {};

  before(async () => {
    assert.ok(existsSync(MAIN), `${MAIN} is missing: run npm run build first (npm run test:e2e does)`);
    // One loopback listener is every target: TCP connects to it, and it answers the portal check with 204.
    listener = createServer((request, response) => {
      response.statusCode = request.url === '/generate_204' ? 204 : 404;
      response.end();
    });
    await new Promise<void>((done) => listener.listen(0, '127.0.0.1', done));
    port = (listener.address() as AddressInfo).port;
    dir = tempDir('ic-e2e-');
    const binary = (electron as { path: string }).path;
    // Every layer probe aimed at the loopback listener too, in the config file main reads; main refuses
    // to start on the defaults when this cannot be read (INTERNET_CONN_E2E=1), so it never probes them.
    const config = join(dir.dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        targets: [`127.0.0.1:${port}`],
        referenceResolvers: ['127.0.0.1'],
        dnsNames: ['e2e.internet-conn.test'],
        portalUrls: [`http://127.0.0.1:${port}/generate_204`],
        tls: { target: `127.0.0.1:${port}`, name: 'e2e.internet-conn.test' },
      }),
    );
    // Chromium refuses to start as root with its sandbox on; only then is it turned off.
    args = [
      MAIN,
      `--user-data-dir=${join(dir.dir, 'user-data')}`,
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ];
    env = {
      ...(process.env as Record<string, string>),
      INTERNET_CONN_E2E: '1',
      INTERNET_CONN_TARGETS: `127.0.0.1:${port}`,
      INTERNET_CONN_INTERVAL_MS: '2s',
      INTERNET_CONN_TIMEOUT_MS: '1s',
      // The user's own config file and proxies stay out of it.
      INTERNET_CONN_CONFIG: config,
      XDG_CONFIG_HOME: join(dir.dir, 'xdg-config'),
      HTTP_PROXY: '',
      HTTPS_PROXY: '',
      ALL_PROXY: '',
      http_proxy: '',
      https_proxy: '',
      all_proxy: '',
    };
    app = await _electron.launch({ executablePath: binary, args, env, timeout: 30_000 });
    page = await app.firstWindow({ timeout: 30_000 });
  });

  after(async () => {
    if (!closed) await app?.close();
    await new Promise<void>((done) => (listener ? listener.close(() => done()) : done()));
    dir?.cleanup();
  });

  const e2e = <T>(name: string): Promise<T> =>
    app.evaluate(
      (_electron, [global, method]) => {
        const hooks = (globalThis as Record<string, unknown>)[global] as
          Record<string, () => unknown> | undefined;
        return hooks?.[method]?.() ?? null;
      },
      [E2E_GLOBAL, name] as const,
    ) as Promise<T>;

  it('shows a verdict from the monitor in the window, through the preload bridge on app://', async () => {
    await page.waitForSelector('#status-card:not([data-status="checking"])', { timeout: 30_000 });
    const status = await page.getAttribute('#status-card', 'data-status');
    assert.ok(VERDICTS.includes(status ?? ''), `status ${status}`);
    assert.ok(((await page.textContent('#status-title')) ?? '').trim().length > 0);
    assert.equal(await page.evaluate(() => location.origin), 'app://internet-conn');
    assert.equal(
      await page.evaluate(
        () => typeof (window as { internetConn?: { getSnapshot?: unknown } }).internetConn?.getSnapshot,
      ),
      'function',
    );
    assert.equal(
      await page.evaluate(() => typeof (window as { require?: unknown }).require),
      'undefined',
      'no Node in the page',
    );
  });

  it('shows the same status in the tray, with a tooltip and a menu', async () => {
    const status = await page.getAttribute('#status-card', 'data-status');
    let view: TrayView | null = null;
    for (let tries = 0; tries < 50; tries += 1) {
      view = await e2e<TrayView | null>('tray');
      if (view?.icon.name === status) break;
      await new Promise((done) => setTimeout(done, 200));
    }
    assert.ok(view !== null, 'the tray was built');
    assert.equal(view.icon.name, status);
    assert.ok(view.tooltip.length > 0);
    const ids = view.menu.map((item) => item.id);
    for (const id of ['check-now', 'open-window', 'open-log-folder', 'quit'])
      assert.ok(ids.includes(id as never), id);
  });

  it('brings the first window back when the app is launched again, and the second launch leaves', async () => {
    await e2e('hideWindow');
    assert.equal(await e2e<boolean>('windowVisible'), false);
    const second = spawn((electron as { path: string }).path, args, { env, stdio: 'ignore' });
    const code = await new Promise<number | null>((done, fail) => {
      const timer = setTimeout(() => {
        second.kill();
        fail(new Error('the second launch did not leave within 20 s'));
      }, 20_000);
      second.on('exit', (exitCode) => {
        clearTimeout(timer);
        done(exitCode);
      });
    });
    assert.equal(code, 0);
    for (let tries = 0; tries < 50 && !(await e2e<boolean>('windowVisible')); tries += 1) {
      await new Promise((done) => setTimeout(done, 100));
    }
    assert.equal(await e2e<boolean>('windowVisible'), true);
    assert.equal(await e2e<number>('secondInstances'), 1);
  });

  it('quits cleanly: history and log are written under userData', async () => {
    await app.close();
    closed = true;
    const userData = join(dir.dir, 'user-data');
    assert.ok(existsSync(join(userData, 'history.sqlite')));
    const log = readFileSync(join(userData, 'logs', 'app.log'), 'utf8');
    assert.match(log, / started version=/);
    assert.match(log, / status from=checking to=(online|limited|offline)/);
    assert.match(log, / stopped\n/);
  });
});
