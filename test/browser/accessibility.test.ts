import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { recordedHistory, recordedSnapshot, RECORDED_SETTINGS } from '../fixtures/renderer-data.js';
import { startRendererTestServer, type RendererTestServer } from '../helpers/renderer-test-server.js';
import { accessibleNodes, ensureRendererBuilt, focusedNode, launchChromium, openApp } from './harness.js';

let browser: Browser;
let server: RendererTestServer;
let slowServer: RendererTestServer;

before(async () => {
  await ensureRendererBuilt();
  browser = await launchChromium();
  const now = Date.now();
  const state = {
    snapshot: recordedSnapshot('offline', now),
    history: recordedHistory(now),
    settings: RECORDED_SETTINGS,
  };
  server = await startRendererTestServer(state);
  // History arrives 400 ms after the status: the skeleton has to hold the layout meanwhile.
  slowServer = await startRendererTestServer(state, { historyDelayMs: 400 });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await slowServer?.close();
});

const TAB_ORDER = [
  'button: Check now',
  'button: Pause for 1 hour',
  'DisclosureTriangle: Evidence (1)',
  'button: Copy report',
  'radio: 24 hours',
  'button: Export checks (CSV)',
  'button: Export outages (CSV)',
  'textbox: Targets',
  'spinbutton: Check every (seconds)',
  'spinbutton: Give up on a target after (milliseconds)',
  'checkbox: Show notifications',
  'checkbox: When the connection drops',
  'checkbox: When it comes back',
  'checkbox: When it becomes limited',
  'checkbox: Start at login',
  'spinbutton: Keep every check for (days)',
  'spinbutton: Keep hourly summaries for (days)',
  'button: Save settings',
];

test('Tab reaches every control in reading order and then leaves the page (no trap)', async () => {
  const app = await openApp(browser, server.appUrl);
  try {
    const seen: string[] = [];
    for (let index = 0; index < TAB_ORDER.length; index += 1) {
      await app.page.keyboard.press('Tab');
      const node = await focusedNode(app.page);
      seen.push(`${node.role}: ${node.name}`);
    }
    assert.deepEqual(seen, TAB_ORDER);
    await app.page.keyboard.press('Tab');
    assert.equal((await focusedNode(app.page)).role, 'none', 'focus leaves the page after the last control');
    await app.page.keyboard.press('Tab');
    const again = await focusedNode(app.page);
    assert.equal(`${again.role}: ${again.name}`, TAB_ORDER[0]);
    // Backwards, focus may or may not stop outside the page before wrapping; either way the next
    // control it reaches must be the last one.
    let back = { role: 'none', name: '' };
    for (let presses = 0; presses < 3 && back.role === 'none'; presses += 1) {
      await app.page.keyboard.press('Shift+Tab');
      back = await focusedNode(app.page);
    }
    assert.equal(`${back.role}: ${back.name}`, TAB_ORDER[TAB_ORDER.length - 1]);
  } finally {
    await app.close();
  }
});

test('the range is chosen with the arrow keys and focus is always visible', async () => {
  const app = await openApp(browser, server.appUrl);
  try {
    const { page } = app;
    await page.getByRole('radio', { name: '24 hours' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.locator('.uptime-label', { hasText: 'last 7 days' }).waitFor({ timeout: 5000 });
    const ring = await page
      .locator('.segmented-option:has(input:focus-visible) span')
      .evaluate((el) => getComputedStyle(el).outlineStyle);
    assert.equal(ring, 'solid');
    await page.getByRole('button', { name: 'Copy report' }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    assert.equal(outline, 'solid');
  } finally {
    await app.close();
  }
});

test('every button, input, textarea and summary has an accessible name', async () => {
  const app = await openApp(browser, server.appUrl);
  try {
    const nodes = await accessibleNodes(
      app.page,
      'button, input, textarea, select, summary, a[href], [tabindex]',
    );
    assert.ok(nodes.length >= TAB_ORDER.length + 2, `found ${nodes.length}`);
    const nameless = nodes.filter((node) => node.name === '');
    assert.deepEqual(nameless, []);
  } finally {
    await app.close();
  }
});

test('follows the dark colour scheme', async () => {
  const app = await openApp(browser, server.appUrl, { colorScheme: 'dark' });
  try {
    const luminance = (rgb: string): number => {
      const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    const colours = await app.page.evaluate(() => ({
      background: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.body).color,
      card: getComputedStyle(document.querySelector('.history') as Element).backgroundColor,
    }));
    assert.ok(luminance(colours.background) < 0.15, colours.background);
    assert.ok(luminance(colours.card) < 0.2, colours.card);
    assert.ok(luminance(colours.text) > 0.8, colours.text);
    await app.page.emulateMedia({ colorScheme: 'light' });
    const light = await app.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.ok(luminance(light) > 0.9, light);
  } finally {
    await app.close();
  }
});

for (const viewport of [
  { width: 360, height: 480 },
  { width: 1280, height: 800 },
]) {
  test(`fits ${viewport.width}×${viewport.height} without horizontal scrolling`, async () => {
    const app = await openApp(browser, server.appUrl, { viewport });
    try {
      const widths = await app.page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      assert.ok(widths.scroll <= widths.client, `scrollWidth ${widths.scroll} > ${widths.client}`);
    } finally {
      await app.close();
    }
  });

  test(`nothing moves when the data arrives at ${viewport.width}×${viewport.height} (CLS ≈ 0)`, async () => {
    for (const target of [server, slowServer]) {
      const app = await openApp(browser, target.appUrl, { viewport });
      try {
        await app.page.waitForTimeout(300);
        const shift = await app.layoutShift();
        assert.ok(shift < 0.01, `cumulative layout shift ${shift}`);
      } finally {
        await app.close();
      }
    }
  });
}

test('nothing moves when a paused status arrives at 360×480, though its meta line takes two lines', async () => {
  const saved = server.state.snapshot;
  server.state.snapshot = { ...recordedSnapshot('paused', Date.now()), since: Date.now() - 10_000 };
  const app = await openApp(browser, server.appUrl, { viewport: { width: 360, height: 480 } });
  try {
    await app.page.waitForTimeout(300);
    assert.match(
      (await app.page.locator('.status-meta').textContent()) ?? '',
      /^for less than a minute · until /,
    );
    const shift = await app.layoutShift();
    assert.ok(shift < 0.001, `cumulative layout shift ${shift}`);
  } finally {
    await app.close();
    server.state.snapshot = saved;
  }
});

test('runs under the strict CSP without a violation and asks nothing of other origins', async () => {
  const app = await openApp(browser, server.appUrl);
  try {
    await app.page.getByRole('radio', { name: '30 days' }).check();
    await app.page.locator('.uptime-label', { hasText: 'last 30 days' }).waitFor({ timeout: 5000 });
    const csp =
      (await app.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    assert.match(csp, /script-src 'self';/);
    assert.match(csp, /style-src 'self';/);
    assert.equal(await app.page.locator('script:not([src])').count(), 0);
    assert.deepEqual(await app.cspViolations(), []);
    assert.deepEqual(app.foreignRequests, []);
  } finally {
    await app.close();
  }
});
