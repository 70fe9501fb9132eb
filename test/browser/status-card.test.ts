import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { MonitorStatus } from '../../app/monitor/events.js';
import { recordedHistory, recordedSnapshot, RECORDED_SETTINGS } from '../fixtures/renderer-data.js';
import { startRendererTestServer, type RendererTestServer } from '../helpers/renderer-test-server.js';
import { ensureRendererBuilt, launchChromium, openApp, waitFor } from './harness.js';

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

test('quotes the cause the tray quotes: the one matching the status, never a stale or info cause', async () => {
  const now = Date.now();
  const offline = recordedSnapshot('offline', now);
  const limited = recordedSnapshot('limited', now);
  const limitedCause = limited.diagnosis?.causes[0];
  const offlineCause = offline.diagnosis?.causes[0];
  if (limitedCause === undefined || offlineCause === undefined || offline.diagnosis === null)
    throw new Error('the fixtures have causes');
  const note = {
    ...limitedCause,
    code: 'port-blocked' as const,
    severity: 'info' as const,
    title: 'Port 25 is blocked',
  };
  const cases = [
    // A limited diagnosis first, then the offline one: under "Offline" the offline cause is quoted.
    {
      snapshot: { ...offline, diagnosis: { ...offline.diagnosis, causes: [limitedCause, offlineCause] } },
      words: offlineCause.title,
    },
    // Paused keeps the last diagnosis, but the card says what paused means.
    {
      snapshot: { ...recordedSnapshot('paused', now), diagnosis: offline.diagnosis },
      words: 'Monitoring is paused; nothing is being checked.',
    },
    // Only an info cause under "Limited": the status's own words, not the note.
    {
      snapshot: { ...limited, diagnosis: { ...offline.diagnosis, causes: [note] } },
      words: 'Connected, but something is not working as it should.',
    },
  ];
  for (const { snapshot, words } of cases) {
    server.state.snapshot = snapshot;
    const app = await openApp(browser, server.appUrl);
    try {
      assert.equal(await app.page.locator('.status-summary').textContent(), words, snapshot.status);
    } finally {
      await app.close();
    }
  }
});

test('offers Check now only while monitoring runs, saying why it is unavailable when paused', async () => {
  server.state.snapshot = recordedSnapshot('paused', Date.now());
  const app = await openApp(browser, server.appUrl);
  try {
    const check = app.page.getByRole('button', { name: 'Check now' });
    assert.equal(await check.getAttribute('aria-disabled'), 'true');
    const description = await check.evaluate(
      (button) => document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent,
    );
    assert.equal(description, 'Monitoring is paused; resume it to check.');
    // Playwright waits for aria-disabled buttons to enable; a user can still click one.
    await check.click({ force: true });
    await new Promise((done) => setTimeout(done, 300));
    assert.ok(!server.requests.includes('POST /api/check'), 'no check is sent while paused');
    await app.page.getByRole('button', { name: 'Resume' }).click();
    await app.page.locator('#status-card:not([data-status="paused"])').waitFor({ timeout: 5000 });
    await app.page.locator('[data-action="check"]:not([aria-disabled])').waitFor({ timeout: 5000 });
    assert.equal(await check.getAttribute('aria-describedby'), null);
  } finally {
    await app.close();
  }
});

test('a pause end no date can hold still renders the card, without a page error', async () => {
  server.state.snapshot = { ...recordedSnapshot('paused', Date.now()), pausedUntil: 1e300 };
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(server.appUrl);
    await page.locator('#status-card[data-status="paused"]').waitFor({ timeout: 5000 });
    assert.match((await page.locator('.status-meta').textContent()) ?? '', /until an unknown time$/);
    await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 5000 });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
