import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { OFFLINE_REPORT } from '../fixtures/check-reports.js';
import {
  KNOWN_OUTAGE,
  recordedHistory,
  recordedSnapshot,
  RECORDED_SETTINGS,
} from '../fixtures/renderer-data.js';
import { startRendererTestServer, type RendererTestServer } from '../helpers/renderer-test-server.js';
import { ensureRendererBuilt, launchChromium, openApp } from './harness.js';

let browser: Browser;
let server: RendererTestServer;
const cause = OFFLINE_REPORT.causes[0];

before(async () => {
  await ensureRendererBuilt();
  browser = await launchChromium();
  const now = Date.now();
  server = await startRendererTestServer({
    snapshot: recordedSnapshot('offline', now),
    history: recordedHistory(now),
    settings: RECORDED_SETTINGS,
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('shows each cause with its title, explanation, numbered steps and folded evidence', async () => {
  if (cause === undefined) throw new Error('the offline fixture names a cause');
  server.state.snapshot = recordedSnapshot('offline', Date.now());
  const app = await openApp(browser, server.appUrl);
  try {
    const item = app.page.locator(`.cause[data-code="${cause.code}"]`);
    assert.equal(await item.locator('h3').textContent(), cause.title);
    assert.equal(await item.locator('.cause-explanation').textContent(), cause.explanation);
    assert.deepEqual(await item.locator('ol.fix-steps > li').allTextContents(), cause.fix);
    const evidence = item.locator('details.evidence');
    assert.equal(await evidence.evaluate((el) => (el as HTMLDetailsElement).open), false);
    assert.equal(await evidence.locator('li').first().isVisible(), false);
    await evidence.locator('summary').focus();
    await app.page.keyboard.press('Enter');
    assert.deepEqual(await evidence.locator('li').allTextContents(), cause.evidence);
    assert.equal(await evidence.locator('li').first().isVisible(), true);
  } finally {
    await app.close();
  }
});

test('says no problems were found when the diagnosis names no cause', async () => {
  server.state.snapshot = recordedSnapshot('online', Date.now());
  const app = await openApp(browser, server.appUrl);
  try {
    assert.equal(await app.page.locator('.cause').count(), 0);
    assert.match((await app.page.locator('.diagnosis .empty').textContent()) ?? '', /^No problems found/);
  } finally {
    await app.close();
  }
});

test('copies a plain-text report with the status, causes, fixes, probes, outages and OS', async () => {
  if (cause === undefined) throw new Error('the offline fixture names a cause');
  server.state.snapshot = recordedSnapshot('offline', Date.now());
  const app = await openApp(browser, server.appUrl, { clipboard: true });
  try {
    await app.page.getByRole('button', { name: 'Copy report' }).click();
    await app.page.locator('.copy-status', { hasText: 'Report copied' }).waitFor({ timeout: 5000 });
    const report = await app.page.evaluate(() => navigator.clipboard.readText());
    assert.match(report, /^Status: {2}Offline since /m);
    assert.ok(report.includes(cause.title), report);
    assert.ok(report.includes(`1. ${cause.fix[0]}`), report);
    assert.match(report, /tcp +198\.51\.100\.1:443 +IPv4 +timeout +ETIMEDOUT +3000/);
    assert.ok(report.includes(KNOWN_OUTAGE.summary), report);
    assert.match(report, /^OS: {6}Linux/m);
    assert.ok(!report.includes('<'), 'plain text, no markup');
  } finally {
    await app.close();
  }
});

test('leaves the report selected in a text box when the clipboard is refused', async () => {
  if (cause === undefined) throw new Error('the offline fixture names a cause');
  server.state.snapshot = recordedSnapshot('offline', Date.now());
  const refuse = `navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    document.execCommand = () => false;`;
  const app = await openApp(browser, server.appUrl, { initScript: refuse });
  try {
    await app.page.getByRole('button', { name: 'Copy report' }).click();
    const area = app.page.locator('textarea.report-fallback');
    await area.waitFor({ timeout: 5000 });
    assert.ok((await area.inputValue()).includes(cause.title));
    const selection = await area.evaluate((el) => {
      const box = el as HTMLTextAreaElement;
      return {
        focused: document.activeElement === box,
        whole: box.selectionStart === 0 && box.selectionEnd === box.value.length,
      };
    });
    assert.deepEqual(selection, { focused: true, whole: true });
    assert.match((await app.page.locator('.copy-status').textContent()) ?? '', /Press Ctrl\+C/);
  } finally {
    await app.close();
  }
});

test('wraps long unbroken words in causes, steps, evidence and outages: nothing scrolls sideways at 360 px', async () => {
  if (cause === undefined) throw new Error('the offline fixture names a cause');
  const now = Date.now();
  const word = `http://portal.example/login?session=${'a1b2c3d4'.repeat(40)}`;
  const long = {
    ...cause,
    title: `Sign in at ${word}`,
    explanation: `The page ${word} answered instead.`,
    fix: [`Open \`${word}\` in a browser.`, 'Then try again.'],
    evidence: [word],
  };
  const snapshot = recordedSnapshot('offline', now);
  if (snapshot.diagnosis === null) throw new Error('the offline fixture has a diagnosis');
  const history = recordedHistory(now);
  const withLongOutage = {
    ...history['24h'],
    outages: history['24h'].outages.map((outage) => ({ ...outage, summary: word })),
  };
  const saved = { snapshot: server.state.snapshot, history: server.state.history };
  server.state.snapshot = { ...snapshot, diagnosis: { ...snapshot.diagnosis, causes: [long, cause] } };
  server.state.history = { ...history, '24h': withLongOutage };
  const app = await openApp(browser, server.appUrl, { viewport: { width: 360, height: 640 } });
  try {
    const { page } = app;
    await page.locator('.evidence summary').first().click();
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    assert.ok(
      widths.scroll <= widths.client,
      `page is ${widths.scroll} px wide in a ${widths.client} px window`,
    );
    // The command in the step is a code element, not text between backticks.
    assert.equal(await page.locator('.fix-steps li code').first().textContent(), word);
    assert.equal(await page.locator('.fix-steps li').first().textContent(), `Open ${word} in a browser.`);
  } finally {
    await app.close();
    server.state.snapshot = saved.snapshot;
    server.state.history = saved.history;
  }
});
