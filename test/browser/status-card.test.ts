import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { MonitorStatus } from '../../app/monitor/events.js';
import { recordedHistory, recordedSnapshot, RECORDED_SETTINGS } from '../fixtures/renderer-data.js';
import { startRendererTestServer, type RendererTestServer } from '../helpers/renderer-test-server.js';
import { ensureRendererBuilt, launchChromium, openApp } from './harness.js';

let browser: Browser;
let server: RendererTestServer;

before(async () => {
  await ensureRendererBuilt();
  browser = await launchChromium();
  const now = Date.now();
  server = await startRendererTestServer({
    snapshot: recordedSnapshot('online', now),
    history: recordedHistory(now),
    settings: RECORDED_SETTINGS,
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// The design tokens of styles.css, as computed colours: DESIGN.md §2 green / amber / red / grey.
const CASES: readonly { status: MonitorStatus; glyph: string; title: string; light: string; dark: string }[] =
  [
    { status: 'online', glyph: '✓', title: 'Online', light: 'rgb(26, 127, 55)', dark: 'rgb(63, 185, 80)' },
    {
      status: 'limited',
      glyph: '⚠\uFE0E',
      title: 'Limited',
      light: 'rgb(227, 160, 8)',
      dark: 'rgb(210, 153, 34)',
    },
    {
      status: 'offline',
      glyph: '✕',
      title: 'Offline',
      light: 'rgb(201, 37, 45)',
      dark: 'rgb(255, 123, 114)',
    },
    {
      status: 'checking',
      glyph: '…',
      title: 'Checking…',
      light: 'rgb(107, 116, 128)',
      dark: 'rgb(139, 148, 158)',
    },
    {
      status: 'paused',
      glyph: '‖',
      title: 'Paused',
      light: 'rgb(107, 116, 128)',
      dark: 'rgb(139, 148, 158)',
    },
  ];

for (const scheme of ['light', 'dark'] as const) {
  for (const expected of CASES) {
    test(`shows ${expected.status} with its ${scheme} colour, glyph and words`, async () => {
      server.state.snapshot = recordedSnapshot(expected.status, Date.now());
      const app = await openApp(browser, server.appUrl, { colorScheme: scheme });
      try {
        const card = app.page.locator('#status-card');
        assert.equal(await card.getAttribute('data-status'), expected.status);
        assert.equal(await card.locator('.status-glyph').textContent(), expected.glyph);
        assert.equal(await card.locator('.status-title').textContent(), expected.title);
        const colour = await card
          .locator('.status-glyph')
          .evaluate((el) => getComputedStyle(el).backgroundColor);
        assert.equal(colour, expected[scheme]);
        assert.match((await card.locator('.status-meta').textContent()) ?? '', /^for 12 min/);
        assert.equal(await card.locator('[aria-live="polite"]').count(), 1);
      } finally {
        await app.close();
      }
    });
  }
}

test('shows the latency of the latest check and the first cause as the summary', async () => {
  server.state.snapshot = recordedSnapshot('limited', Date.now());
  const app = await openApp(browser, server.appUrl);
  try {
    const card = app.page.locator('#status-card');
    assert.equal(await card.locator('.status-meta').textContent(), 'for 12 min · latency 12 ms');
    assert.equal(await card.locator('.status-summary').textContent(), 'IPv6 is broken');
  } finally {
    await app.close();
  }
});

test('follows status changes and new latencies pushed over the event stream without a reload', async () => {
  server.state.snapshot = recordedSnapshot('online', Date.now());
  const app = await openApp(browser, server.appUrl);
  try {
    const card = app.page.locator('#status-card');
    assert.equal(await card.getAttribute('data-status'), 'online');
    // The EventSource connects after the first render; wait until the server holds a stream.
    await waitFor(() => server.requests.some((line) => line.startsWith('GET /api/events')));
    server.setSnapshot(recordedSnapshot('offline', Date.now()));
    await card.and(app.page.locator('[data-status="offline"]')).waitFor({ timeout: 5000 });
    assert.equal(await card.locator('.status-title').textContent(), 'Offline');
    server.setSnapshot(recordedSnapshot('online', Date.now()));
    await card.and(app.page.locator('[data-status="online"]')).waitFor({ timeout: 5000 });
    const online = server.state.snapshot;
    if (online.diagnosis === null) throw new Error('the online fixture has a diagnosis');
    server.emit('check-completed', { report: online.diagnosis, latencyMs: 48 });
    await card.locator('.status-meta', { hasText: 'latency 48 ms' }).waitFor({ timeout: 5000 });
  } finally {
    await app.close();
  }
});

test('pauses for an hour and resumes from the card', async () => {
  server.state.snapshot = recordedSnapshot('online', Date.now());
  const app = await openApp(browser, server.appUrl);
  try {
    await app.page.getByRole('button', { name: 'Pause for 1 hour' }).click();
    await app.page.locator('#status-card[data-status="paused"]').waitFor({ timeout: 5000 });
    assert.match((await app.page.locator('.status-meta').textContent()) ?? '', /until /);
    await app.page.getByRole('button', { name: 'Resume' }).click();
    await app.page.locator('#status-card[data-status="online"]').waitFor({ timeout: 5000 });
    assert.ok(server.requests.includes('POST /api/pause'));
    assert.ok(server.requests.includes('POST /api/resume'));
  } finally {
    await app.close();
  }
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((done) => setTimeout(done, 20));
  }
}
