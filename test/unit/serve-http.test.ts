import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  EditableSettings,
  ExportFile,
  HistoryView,
  SettingsResult,
  Snapshot,
} from '../../app/api/contract.js';
import { HTTP_ROUTES } from '../../app/api/contract.js';
import { createMetrics } from '../../app/metrics/index.js';
import { startServeServer, type ServeServer } from '../../app/serve/server.js';
import { LIMITED_REPORT } from '../fixtures/check-reports.js';
import { LAB_SETTINGS, openApiRig, type ApiRig } from '../helpers/api-runtime.js';
import { tempDir } from '../helpers/history-fixtures.js';
import { openSse, send, sendJson, type RawResponse } from '../helpers/http-client.js';

const SECRET = 'secret-outside-the-build';

interface Served {
  readonly rig: ApiRig;
  readonly server: ServeServer;
  readonly rendererDir: string;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1:0 over a real runtime and database; the renderer build is a temp directory. */
async function serve(options: { token?: string | null; build?: boolean } = {}): Promise<Served> {
  const rig = await openApiRig();
  const rendererDir = join(rig.dir, 'renderer');
  writeFileSync(join(rig.dir, 'secret.txt'), SECRET);
  if (options.build ?? true) {
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>status</title>');
    writeFileSync(join(rendererDir, 'assets', 'app-1.js'), 'console.log(1);');
    symlinkSync(join(rig.dir, 'secret.txt'), join(rendererDir, 'link.txt'));
  }
  const metrics = createMetrics({ processMetrics: false });
  const detach = metrics.attach(rig.runtime.monitor);
  const started = await startServeServer({
    listen: { host: '127.0.0.1', port: 0, family: 4 },
    token: options.token ?? null,
    api: rig.api,
    rendererDir,
    metrics,
  });
  assert.ok(started.ok, started.ok ? '' : started.message);
  rig.runtime.start();
  return {
    rig,
    server: started.server,
    rendererDir,
    async close() {
      await started.server.close();
      detach();
      await rig.close();
    },
  };
}

const json = <T>(response: RawResponse): T => JSON.parse(response.body) as T;

function assertSecurityHeaders(response: RawResponse): void {
  assert.match(
    String(response.headers['content-security-policy']),
    /^default-src 'self'; script-src 'self';/,
  );
  assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/);
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  assert.equal(response.headers['referrer-policy'], 'no-referrer');
}

describe('serve over HTTP on loopback', () => {
  let served: Served;
  let port: number;
  before(async () => {
    served = await serve();
    port = served.server.port;
  });
  after(() => served.close());

  it('answers every API route with the API result as JSON', async () => {
    const snapshot = json<Snapshot>(await send(port, { path: HTTP_ROUTES.getSnapshot.path }));
    assert.ok(['checking', 'online'].includes(snapshot.status));

    const history = await send(port, { path: `${HTTP_ROUTES.getHistory.path}?range=24h` });
    assert.equal(history.status, 200);
    assert.equal(json<HistoryView>(history).range, '24h');

    const outages = await send(port, { path: `${HTTP_ROUTES.getOutages.path}?range=7d` });
    assert.deepEqual(json(outages), []);

    const exported = json<ExportFile>(
      await send(port, { path: `${HTTP_ROUTES.exportHistory.path}?what=outages&format=csv&range=30d` }),
    );
    assert.equal(exported.filename, 'internet-conn-outages-30d.csv');

    const checked = await sendJson(port, 'POST', HTTP_ROUTES.checkNow.path, {});
    assert.equal(json<Snapshot>(checked).status, 'online');

    const until = Date.now() + 60_000;
    const paused = json<Snapshot>(await sendJson(port, 'POST', HTTP_ROUTES.pause.path, { untilMs: until }));
    assert.deepEqual([paused.status, paused.pausedUntil], ['paused', until]);
    const resumed = json<Snapshot>(
      await send(port, {
        method: 'POST',
        path: HTTP_ROUTES.resume.path,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    assert.notEqual(resumed.status, 'paused');

    const settings = json<EditableSettings>(await send(port, { path: HTTP_ROUTES.getSettings.path }));
    assert.deepEqual(settings, LAB_SETTINGS);
    const saved = await sendJson(port, 'PUT', HTTP_ROUTES.updateSettings.path, {
      ...settings,
      timeoutMs: 2000,
    });
    assert.deepEqual(json<SettingsResult>(saved), { ok: true, settings: { ...settings, timeoutMs: 2000 } });
  });

  it('returns per-field errors (200) for bad setting values, and 400 naming the value for bad requests', async () => {
    const bad = await sendJson(port, 'PUT', HTTP_ROUTES.updateSettings.path, {
      ...LAB_SETTINGS,
      intervalMs: 10,
    });
    assert.equal(bad.status, 200);
    assert.deepEqual(json(bad), { ok: false, errors: { intervalMs: '10: must be 1000–3600000 ms' } });

    const cases: [Promise<RawResponse>, string][] = [
      [send(port, { path: '/api/history?range=1y' }), 'range "1y" is not one of 24h, 7d, 30d'],
      [send(port, { path: '/api/history' }), 'range is missing; expected one of 24h, 7d, 30d'],
      [send(port, { path: '/api/history?range=24h&range=7d' }), 'range is given 2 times; give it once'],
      [
        send(port, { path: '/api/export?what=outages&format=xml&range=7d' }),
        'format "xml" is not one of csv, json',
      ],
      [
        sendJson(port, 'POST', '/api/pause', { untilMs: 'tomorrow' }),
        'untilMs "tomorrow" is not a time: expected epoch milliseconds in the future, or null to pause until resumed',
      ],
      [
        sendJson(port, 'PUT', '/api/settings', ['targets']),
        'settings must be an object like the object getSettings returns, not ["targets"]',
      ],
    ];
    for (const [pending, message] of cases) {
      const response = await pending;
      assert.equal(response.status, 400, response.body);
      assert.deepEqual(json(response), { error: message });
    }
    const broken = await send(port, {
      method: 'PUT',
      path: '/api/settings',
      headers: { 'Content-Type': 'application/json' },
      body: '{"targets": [',
    });
    assert.equal(broken.status, 400);
    assert.match(json<{ error: string }>(broken).error, /^request body is not valid JSON: /);
  });

  it('answers an unknown API path with 404 and a wrong method with 405 naming the right one', async () => {
    const missing = await send(port, { path: '/api/nothing' });
    assert.equal(missing.status, 404);
    const wrong = await send(port, { method: 'DELETE', path: '/api/settings' });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers['allow'], 'GET, PUT');
    assert.deepEqual(json(wrong), { error: 'DELETE is not allowed on /api/settings; use GET, PUT' });
  });

  it('streams status-changed to an event-stream client after a check changes the status', async () => {
    await sendJson(port, 'POST', '/api/check', {});
    const events = openSse(port, HTTP_ROUTES.events.path);
    try {
      assert.equal(await events.status, 200);
      served.rig.answer(LIMITED_REPORT);
      const waiting = events.next(
        'status-changed',
        (data) => (data as { snapshot: Snapshot }).snapshot.status === 'limited',
      );
      // Limited is declared on the second limited check; the first one schedules the confirmation.
      await sendJson(port, 'POST', '/api/check', {});
      await sendJson(port, 'POST', '/api/check', {});
      const event = await waiting;
      assert.deepEqual((event.data as { snapshot: Snapshot }).snapshot.diagnosis, LIMITED_REPORT);
      await events.next('check-completed');
      assert.match(events.text(), /^retry: 3000\n\n/);
      const saved = events.next('settings-changed');
      await sendJson(port, 'PUT', HTTP_ROUTES.updateSettings.path, { ...LAB_SETTINGS, startAtLogin: true });
      assert.deepEqual((await saved).data, { settings: { ...LAB_SETTINGS, startAtLogin: true } });
      await sendJson(port, 'PUT', HTTP_ROUTES.updateSettings.path, LAB_SETTINGS);
    } finally {
      events.close();
      served.rig.answer((await import('../fixtures/check-reports.js')).ONLINE_REPORT);
    }
  });

  it('serves the built page and its assets, with the security headers on every response', async () => {
    const page = await send(port, { path: '/' });
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(page.body, /<title>status<\/title>/);
    const asset = await send(port, { path: '/assets/app-1.js' });
    assert.equal(asset.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.match(String(asset.headers['cache-control']), /immutable/);
    for (const response of [
      page,
      asset,
      await send(port, { path: '/api/snapshot' }),
      await send(port, { path: '/nope' }),
    ]) {
      assertSecurityHeaders(response);
    }
  });

  it('never serves a file outside the build, however the path is written', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/link.txt',
    ]) {
      const response = await send(port, { path });
      assert.ok([403, 404].includes(response.status), `${path}: ${response.status}`);
      assert.ok(!response.body.includes(SECRET), path);
      assertSecurityHeaders(response);
    }
  });

  it('refuses a request body over 64 KiB with 413', async () => {
    const big = JSON.stringify({ ...LAB_SETTINGS, targets: Array(8000).fill('198.51.100.1:443') });
    assert.ok(big.length > 64 * 1024);
    const response = await send(port, {
      method: 'PUT',
      path: '/api/settings',
      headers: { 'Content-Type': 'application/json' },
      body: big,
    });
    assert.equal(response.status, 413);
    assert.deepEqual(json(response), { error: 'request body is larger than the 64 KiB limit' });
    const chunked = await send(port, {
      method: 'PUT',
      path: '/api/settings',
      headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      body: big,
    });
    assert.equal(chunked.status, 413);
  });

  it('refuses a POST or PUT from another origin (403) or without a JSON content type (415), changing nothing', async () => {
    await sendJson(port, 'POST', HTTP_ROUTES.pause.path, { untilMs: null });
    const host = `127.0.0.1:${port}`;
    const refused: [Promise<RawResponse>, number, RegExp][] = [
      [
        send(port, {
          method: 'POST',
          path: HTTP_ROUTES.resume.path,
          headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' },
        }),
        403,
        /^cross-origin request refused: Origin "http:\/\/evil.example" is not this server/,
      ],
      [
        sendJson(port, 'POST', HTTP_ROUTES.resume.path, {}, { Origin: 'http://evil.example' }),
        403,
        /^cross-origin request refused/,
      ],
      [
        send(port, { method: 'POST', path: HTTP_ROUTES.resume.path }),
        415,
        /^send Content-Type: application\/json/,
      ],
      [
        send(port, {
          method: 'POST',
          path: HTTP_ROUTES.checkNow.path,
          headers: { 'Content-Type': 'text/plain' },
        }),
        415,
        /even with an empty body/,
      ],
      [
        sendJson(port, 'PUT', HTTP_ROUTES.updateSettings.path, LAB_SETTINGS, {
          Origin: `http://localhost:${port}`,
        }),
        403,
        /^cross-origin request refused/,
      ],
    ];
    for (const [pending, status, message] of refused) {
      const response = await pending;
      assert.equal(response.status, status, response.body);
      assert.match(json<{ error: string }>(response).error, message);
    }
    assert.equal(json<Snapshot>(await send(port, { path: HTTP_ROUTES.getSnapshot.path })).status, 'paused');
    const ours = await sendJson(port, 'POST', HTTP_ROUTES.resume.path, {}, { Origin: `http://${host}` });
    assert.equal(ours.status, 200, ours.body);
    assert.notEqual(json<Snapshot>(ours).status, 'paused');
  });

  it('refuses a Host header that is not this machine (DNS rebinding)', async () => {
    const response = await send(port, { path: '/api/snapshot', headers: { Host: `evil.example:${port}` } });
    assert.equal(response.status, 403);
    assertSecurityHeaders(response);
    const ok = await send(port, { path: '/api/snapshot', headers: { Host: `localhost:${port}` } });
    assert.equal(ok.status, 200);
  });

  it('serves Prometheus metrics on the same port', async () => {
    const response = await send(port, { path: '/metrics' });
    assert.equal(response.status, 200);
    // Exactly one status series is 1: whichever the monitor is in after the tests above.
    assert.equal(response.body.match(/^internet_conn_status\{status="\w+"\} 1$/gm)?.length, 1);
  });
});

describe('serve with a token', () => {
  const TOKEN = 'lab-token-0123456789abcdef';
  let served: Served;
  let port: number;
  before(async () => {
    served = await serve({ token: TOKEN });
    port = served.server.port;
  });
  after(() => served.close());

  it('answers /api and /metrics with 401 unless the token comes as a Bearer header or ?token=', async () => {
    for (const path of ['/api/snapshot', '/api/settings', '/metrics', '/api/events']) {
      const response = await send(port, { path });
      assert.equal(response.status, 401, path);
      assert.equal(response.headers['www-authenticate'], 'Bearer realm="internet-conn"');
      assertSecurityHeaders(response);
    }
    const wrong = await send(port, { path: '/api/snapshot', headers: { Authorization: `Bearer ${TOKEN}x` } });
    assert.equal(wrong.status, 401);
    const header = await send(port, { path: '/api/snapshot', headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(header.status, 200);
    const query = await send(port, { path: `/metrics?token=${TOKEN}` });
    assert.equal(query.status, 200);
  });

  it('serves the page itself without the token, so it can read the token from its #fragment', async () => {
    assert.equal((await send(port, { path: '/' })).status, 200);
  });

  it('accepts the token in the query for the event stream', async () => {
    const events = openSse(port, `/api/events?token=${TOKEN}`);
    try {
      assert.equal(await events.status, 200);
    } finally {
      events.close();
    }
  });
});

describe('serve without a renderer build', () => {
  it('answers pages with a 503 that says how to build, while the API works', async () => {
    const served = await serve({ build: false });
    try {
      const page = await send(served.server.port, { path: '/' });
      assert.equal(page.status, 503);
      assert.match(page.body, /The status page is not built/);
      assert.match(page.body, /vite build/);
      assertSecurityHeaders(page);
      assert.equal((await send(served.server.port, { path: '/api/snapshot' })).status, 200);
    } finally {
      await served.close();
    }
  });

  it('reports a port already in use as a message naming the address', async () => {
    const served = await serve();
    try {
      const second = await startServeServer({
        listen: { host: '127.0.0.1', port: served.server.port, family: 4 },
        token: null,
        api: served.rig.api,
        rendererDir: served.rendererDir,
      });
      assert.deepEqual(second, {
        ok: false,
        message: `cannot listen on 127.0.0.1:${served.server.port}: the port is already in use by another program (EADDRINUSE)`,
      });
    } finally {
      await served.close();
    }
  });
});

void tempDir;
