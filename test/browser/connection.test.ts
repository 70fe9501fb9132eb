import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { recordedHistory, recordedSnapshot, RECORDED_SETTINGS } from '../fixtures/renderer-data.js';
import { startRendererTestServer, type RendererTestServer } from '../helpers/renderer-test-server.js';
import { ensureRendererBuilt, launchChromium, openApp, waitFor } from './harness.js';

let browser: Browser;

before(async () => {
  await ensureRendererBuilt();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

const state = (status: 'online' | 'offline') => {
  const now = Date.now();
  return {
    snapshot: recordedSnapshot(status, now),
    history: recordedHistory(now),
    settings: RECORDED_SETTINGS,
  };
};

test('says contact is lost when the server stops, and catches up and clears it when it is back', async () => {
  const first = await startRendererTestServer(state('online'));
  const port = Number(new URL(first.origin).port);
  const app = await openApp(browser, first.appUrl);
  let second: RendererTestServer | null = null;
  try {
    const { page } = app;
    await waitFor(() => first.requests.some((line) => line.startsWith('GET /api/events')));
    await first.close();
    const notice = page.locator('.notice', { hasText: 'Lost contact with the monitor — retrying…' });
    await notice.waitFor({ timeout: 5000 });
    // Back on the same address and token, now offline: nothing is pushed, the window must ask.
    second = await startRendererTestServer(state('offline'), { port, token: first.token });
    await page.locator('#status-card[data-status="offline"]').waitFor({ timeout: 15_000 });
    await notice.waitFor({ state: 'detached', timeout: 5000 });
    assert.equal(await page.locator('.notices').isHidden(), true);
    assert.ok(second.requests.includes('GET /api/snapshot'));
    assert.ok(second.requests.some((line) => line.startsWith('GET /api/history')));
  } finally {
    await app.close();
    await second?.close();
  }
});

test('says the token is no longer valid when the server comes back with a new one', async () => {
  const first = await startRendererTestServer(state('online'));
  const port = Number(new URL(first.origin).port);
  const app = await openApp(browser, first.appUrl);
  let second: RendererTestServer | null = null;
  try {
    await waitFor(() => first.requests.some((line) => line.startsWith('GET /api/events')));
    await first.close();
    second = await startRendererTestServer(state('online'), { port });
    await app.page
      .locator('.notice', { hasText: 'The token in this page’s address is no longer valid' })
      .waitFor({ timeout: 15_000 });
    assert.match(
      (await app.page.locator('.notices').textContent()) ?? '',
      /open the address internet-conn serve printed now, including its #token=… part/,
    );
  } finally {
    await app.close();
    await second?.close();
  }
});

test('a page opened without its token says how to get one, in a browser user’s words', async () => {
  const server = await startRendererTestServer(state('online'));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await page
      .locator('.notice', {
        hasText:
          'This monitor needs a token: open the address internet-conn serve printed, including its #token=… part.',
      })
      .waitFor({ timeout: 5000 });
  } finally {
    await context.close();
    await server.close();
  }
});

test('re-reads the history once it is a minute old, on the next check, without moving anything', async () => {
  const server = await startRendererTestServer(state('online'));
  const app = await openApp(browser, server.appUrl);
  try {
    const { page } = app;
    await waitFor(() => server.requests.some((line) => line.startsWith('GET /api/events')));
    const reads = (): number => server.requests.filter((line) => line.startsWith('GET /api/history')).length;
    const before = reads();
    const report = server.state.snapshot.diagnosis;
    if (report === null) throw new Error('the online fixture has a diagnosis');
    // A check within the minute: the history is fresh enough.
    server.emit('check-completed', { report, latencyMs: 20 });
    await page.locator('.status-meta', { hasText: 'latency 20 ms' }).waitFor({ timeout: 5000 });
    assert.equal(reads(), before);
    // A minute later (the page's clock moved on) the next check brings a new history.
    await page.evaluate(() => {
      const real = Date.now.bind(Date);
      Date.now = () => real() + 61_000;
    });
    const view = server.state.history['24h'];
    server.state.history = {
      ...server.state.history,
      '24h': { ...view, uptime: { ...view.uptime, uptimePercent: 42.5 } },
    };
    server.emit('check-completed', { report, latencyMs: 21 });
    await page.locator('.uptime-value', { hasText: '42.50 %' }).waitFor({ timeout: 5000 });
    assert.equal(reads(), before + 1);
    assert.equal(await page.locator('.history').getAttribute('aria-busy'), 'false');
    assert.equal(await app.layoutShift(), 0);
  } finally {
    await app.close();
    await server.close();
  }
});

test('says contact is lost when the stream stays open but silent (a hung serve), and recovers', async () => {
  const server = await startRendererTestServer(state('online'), { heartbeat: false });
  const app = await openApp(browser, server.appUrl, { clock: true }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  try {
    const { page } = app;
    const notice = page.getByText('Lost contact with the monitor — retrying…');
    assert.equal(await notice.count(), 0);
    // Two heartbeats and more pass with nothing on the stream.
    await page.clock.fastForward(40_000);
    // The watchdog's own interval was armed before the clock was installed: it runs on real time.
    await notice.waitFor({ timeout: 10_000 });
    // The stream is dropped and opened again; the new one opens, so the window catches up.
    const snapshots = server.requests.filter((line) => line === 'GET /api/snapshot').length;
    await page.clock.fastForward(6_000);
    await notice.waitFor({ state: 'detached', timeout: 5000 });
    await waitFor(() => server.requests.filter((line) => line === 'GET /api/snapshot').length > snapshots);
  } finally {
    await app.close();
    await server.close();
  }
});

test('a quiet monitor that keeps its heartbeat is never called lost', async () => {
  // Heartbeats every 200 ms of real time, while the page's clock jumps 10 s at a time.
  const server = await startRendererTestServer(state('online'), { heartbeat: 200 });
  const app = await openApp(browser, server.appUrl, { clock: true }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  try {
    const { page } = app;
    // 50 s of page time, well past the silence limit, with a heartbeat heard after every jump.
    for (let step = 0; step < 5; step += 1) {
      await page.clock.fastForward(10_000);
      await new Promise((done) => setTimeout(done, 600));
    }
    // Long enough for the watchdog (real time, every 5 s) to have looked.
    await new Promise((done) => setTimeout(done, 6_000));
    assert.equal(await page.getByText('Lost contact with the monitor — retrying…').count(), 0);
  } finally {
    await app.close();
    await server.close();
  }
});
