import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  KNOWN_OUTAGE,
  quietHistory,
  recordedHistory,
  recordedSnapshot,
  RECORDED_SETTINGS,
} from '../fixtures/renderer-data.js';
import { flakyMonth, generateHistoryView } from '../fixtures/renderer-history.js';
import { startRendererTestServer, type RendererTestServer } from '../helpers/renderer-test-server.js';
import { ensureRendererBuilt, launchChromium, openApp, waitForMark } from './harness.js';

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

async function pickRange(page: Page, label: string): Promise<void> {
  await page.evaluate(() => performance.clearMarks('ic-range-done'));
  await page.getByRole('radio', { name: label }).check();
  await waitForMark(page, 'ic-range-done');
}

function floorPercent(value: number | null): string {
  if (value === null) return '—';
  return `${(Math.floor(value * 100) / 100).toFixed(2)} %`;
}

test('shows uptime, a timeline where outages stand out by height, the chart and the known outage', async () => {
  server.state.history = recordedHistory(Date.now());
  const app = await openApp(browser, server.appUrl);
  try {
    const { page } = app;
    assert.equal(
      await page.locator('.uptime-value').textContent(),
      floorPercent(server.state.history['24h'].uptime.uptimePercent),
    );
    const height = (status: string): Promise<number> =>
      page
        .locator(`.segment[data-status="${status}"]`)
        .first()
        .evaluate((el) => el.getBoundingClientRect().height);
    const [online, limited, offline] = [
      await height('online'),
      await height('limited'),
      await height('offline'),
    ];
    assert.ok(
      online < limited && limited < offline,
      `heights online ${online}, limited ${limited}, offline ${offline}`,
    );
    const label = (await page.locator('.timeline-frame').getAttribute('aria-label')) ?? '';
    assert.match(label, /1 offline period \(7 min in total\), 1 limited period/);
    const canvas = page.locator('.chart-plot canvas');
    assert.ok(((await canvas.boundingBox())?.height ?? 0) > 100);
    const rows = page.locator('.outage-table tbody tr');
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().getAttribute('data-cause'), KNOWN_OUTAGE.cause);
    assert.match((await rows.first().textContent()) ?? '', new RegExp(KNOWN_OUTAGE.summary));
  } finally {
    await app.close();
  }
});

test('switching the range loads that range and updates uptime, outages and the chart', async () => {
  server.state.history = recordedHistory(Date.now());
  const app = await openApp(browser, server.appUrl);
  try {
    const { page } = app;
    const firstAxis = await page.locator('.timeline-axis span').first().textContent();
    await pickRange(page, '7 days');
    assert.ok(server.requests.includes('GET /api/history?range=7d'));
    assert.equal(await page.getByRole('radio', { name: '7 days' }).isChecked(), true);
    assert.equal(await page.locator('.uptime-label').textContent(), 'uptime, last 7 days');
    assert.equal(
      await page.locator('.uptime-value').textContent(),
      floorPercent(server.state.history['7d'].uptime.uptimePercent),
    );
    assert.equal(await page.locator('.outage-table tbody tr').count(), 2);
    assert.notEqual(await page.locator('.timeline-axis span').first().textContent(), firstAxis);
    assert.match((await page.locator('.chart-frame').getAttribute('aria-label')) ?? '', /last 7 days/);
    await pickRange(page, '30 days');
    assert.equal(await page.locator('.outage-table tbody tr').count(), 3);
    assert.equal(
      await page.locator('.outage-table tbody tr').first().getAttribute('data-cause'),
      KNOWN_OUTAGE.cause,
    );
  } finally {
    await app.close();
  }
});

test('says "No outages in the last 7 days" when the range has none', async () => {
  server.state.history = quietHistory(Date.now());
  const app = await openApp(browser, server.appUrl);
  try {
    const { page } = app;
    assert.equal(await page.locator('.outages-empty').textContent(), 'No outages in the last 24 hours');
    await pickRange(page, '7 days');
    assert.equal(await page.locator('.outages-empty').textContent(), 'No outages in the last 7 days');
    assert.equal(await page.locator('.outage-table').count(), 0);
    assert.equal(await page.locator('.uptime-value').textContent(), '100 %');
  } finally {
    await app.close();
  }
});

test('exports the outages of the shown range as a CSV download', async () => {
  server.state.history = recordedHistory(Date.now());
  const app = await openApp(browser, server.appUrl);
  try {
    const { page } = app;
    await pickRange(page, '7 days');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export outages (CSV)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'internet-conn-outages-7d.csv');
    const content = await readFile(await download.path(), 'utf8');
    assert.match(content, /^id,started_at,ended_at,duration_ms,cause,summary\r\n/);
    assert.ok(content.includes(KNOWN_OUTAGE.summary));
    assert.ok(server.requests.includes('GET /api/export?what=outages&format=csv&range=7d'));
  } finally {
    await app.close();
  }
});

test('a flaky month lists the 10 newest outages and shows the rest on request, keeping focus in the list', async () => {
  const now = Date.now();
  const spec = flakyMonth(now, 160);
  server.state.history = {
    '24h': generateHistoryView('24h', spec),
    '7d': generateHistoryView('7d', spec),
    '30d': generateHistoryView('30d', spec),
  };
  const month = server.state.history['30d'];
  const app = await openApp(browser, `${server.appUrl}&range=30d`);
  try {
    const { page } = app;
    const rows = page.locator('.outage-table tbody tr');
    assert.ok(month.outages.length > 10, `${month.outages.length} outages in the fixture`);
    assert.equal(await rows.count(), 10);
    const newest = [...month.outages].sort((a, b) => b.startedAt - a.startedAt)[0];
    assert.equal(await rows.first().getAttribute('data-cause'), newest?.cause);
    const more = page.getByRole('button', { name: `Show all ${month.outages.length} outages` });
    await more.focus();
    await page.keyboard.press('Enter');
    assert.equal(await rows.count(), month.outages.length);
    assert.equal(await more.count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'outage-table');
    // Every limited and offline period is still drawn once; online is one bar per monitored stretch.
    const drawn = (status: string): Promise<number> =>
      page.locator(`.timeline-strip .segment[data-status="${status}"]`).count();
    const count = (status: string): number => month.timeline.filter((s) => s.status === status).length;
    assert.equal(await drawn('offline'), count('offline'));
    assert.equal(await drawn('limited'), count('limited'));
    assert.ok((await drawn('online')) < count('online'), 'online periods are drawn per stretch');
  } finally {
    await app.close();
  }
});
