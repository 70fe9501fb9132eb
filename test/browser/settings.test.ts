import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseEndpoint } from '../../app/config/endpoint.js';
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

/** The text of every element the control's aria-describedby points at. */
async function description(page: Page, label: string): Promise<string> {
  return page.getByLabel(label, { exact: true }).evaluate((control) =>
    (control.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' | '),
  );
}

test('rejects a bad target with the server message beside the field and saves nothing', async () => {
  server.state.settings = RECORDED_SETTINGS;
  const app = await openApp(browser, server.appUrl);
  try {
    const { page } = app;
    const targets = page.getByLabel('Targets', { exact: true });
    await targets.fill('198.51.100.1:443\n\nexample.com:443');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const parsed = parseEndpoint('example.com:443');
    assert.equal(parsed.ok, false);
    const serverMessage = parsed.ok ? '' : parsed.reason;
    const error = page.locator('#settings-targets-error');
    await error.waitFor({ timeout: 5000 });
    assert.equal(await error.textContent(), `Line 3 (example.com:443): ${serverMessage}`);
    assert.equal(await targets.getAttribute('aria-invalid'), 'true');
    assert.ok((await description(page, 'Targets')).includes(serverMessage));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'settings-targets');
    assert.match((await page.locator('.save-status').textContent()) ?? '', /^Not saved/);
    assert.deepEqual(server.state.settings, RECORDED_SETTINGS);
  } finally {
    await app.close();
  }
});

test('shows a too-short interval next to the interval field', async () => {
  server.state.settings = RECORDED_SETTINGS;
  const app = await openApp(browser, server.appUrl);
  try {
    const { page } = app;
    await page.getByLabel('Check every (seconds)').fill('0.2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('.field-error', { hasText: 'seconds' }).waitFor({ timeout: 5000 });
    assert.equal(await description(page, 'Check every (seconds)'), 'Enter 1–3600 seconds; 0.2 is too short.');
    assert.equal(await page.getByLabel('Targets', { exact: true }).getAttribute('aria-invalid'), null);
    assert.deepEqual(server.state.settings, RECORDED_SETTINGS);
  } finally {
    await app.close();
  }
});

test('saves valid settings, confirms it, and clears earlier errors', async () => {
  server.state.settings = RECORDED_SETTINGS;
  const app = await openApp(browser, server.appUrl);
  try {
    const { page } = app;
    const targets = page.getByLabel('Targets', { exact: true });
    await targets.fill('nonsense');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#settings-targets-error').waitFor({ timeout: 5000 });
    await targets.fill('203.0.113.1:443\n[2001:db8::1]:443\n');
    await page.getByLabel('Check every (seconds)').fill('10');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('.save-status', { hasText: 'Saved at' }).waitFor({ timeout: 5000 });
    assert.equal(await targets.getAttribute('aria-invalid'), null);
    assert.equal(await page.locator('.field-error:not(:empty)').count(), 0);
    assert.deepEqual(server.state.settings.targets, ['203.0.113.1:443', '[2001:db8::1]:443']);
    assert.equal(server.state.settings.intervalMs, 10_000);
    assert.equal(await targets.inputValue(), '203.0.113.1:443\n[2001:db8::1]:443');
  } finally {
    await app.close();
  }
});

test("lists each bad or repeated target line on its own, beside the browser's own errors", async () => {
  server.state.settings = RECORDED_SETTINGS;
  const app = await openApp(browser, server.appUrl);
  try {
    const { page } = app;
    await page
      .getByLabel('Targets', { exact: true })
      .fill('198.51.100.1:443\nnope\n\n198.51.100.1:443\nexample.com:443\n203.0.113.1:443');
    await page.getByLabel('Check every (seconds)').fill('');
    await page.getByLabel('Keep every check for (days)').fill('0');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const items = page.locator('#settings-targets-error li');
    await items.first().waitFor({ timeout: 5000 });
    const lines = await items.allTextContents();
    assert.equal(lines.length, 3, lines.join(' | '));
    assert.match(lines[0] ?? '', /^Line 2 \(nope\): /);
    assert.equal(lines[1], 'Line 4 (198.51.100.1:443): repeats "198.51.100.1:443"; list each target once');
    assert.match(lines[2] ?? '', /^Line 5 \(example.com:443\): /);
    // The empty interval was refused in the browser, and the server's check of the rest still ran.
    assert.equal(await description(page, 'Check every (seconds)'), 'Enter a number.');
    assert.match(await description(page, 'Keep every check for (days)'), /days ≥ 1, got 0$/);
    assert.match((await page.locator('.save-status').textContent()) ?? '', /^Not saved/);
    assert.deepEqual(server.state.settings, RECORDED_SETTINGS);
  } finally {
    await app.close();
  }
});

test('says at once, beside the confirmation and in the notices, when a save needs a restart', async () => {
  server.state.settings = RECORDED_SETTINGS;
  const app = await openApp(browser, server.appUrl);
  try {
    const { page } = app;
    await page.getByLabel('Check every (seconds)').fill(String(RECORDED_SETTINGS.intervalMs / 1000 + 5));
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('.save-status', { hasText: 'Saved at' }).waitFor({ timeout: 5000 });
    assert.match(
      (await page.locator('.save-status').textContent()) ?? '',
      /^Saved at .+\. Restart internet-conn to apply the new check interval\.$/,
    );
    await page
      .locator('.notice', { hasText: 'Saved; restart internet-conn to apply the new check interval.' })
      .waitFor({ timeout: 5000 });
  } finally {
    await app.close();
    server.state.settings = RECORDED_SETTINGS;
    server.state.snapshot = { ...server.state.snapshot, notices: [] };
  }
});

test('over serve, Start at login and notifications say why they do nothing and keep their saved values', async () => {
  server.state.settings = RECORDED_SETTINGS;
  const app = await openApp(browser, server.appUrl);
  try {
    const { page } = app;
    for (const label of ['Start at login', 'Show notifications', 'When it comes back']) {
      const box = page.getByLabel(label, { exact: true });
      assert.equal(await box.getAttribute('aria-disabled'), 'true', label);
      assert.match(await description(page, label), /^Only the internet-conn tray app starts at login/, label);
      const before = await box.isChecked();
      await box.click({ force: true });
      assert.equal(await box.isChecked(), before, `${label} does not toggle`);
    }
    await page.getByLabel('Give up on a target after (milliseconds)').fill('2500');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('.save-status', { hasText: 'Saved at' }).waitFor({ timeout: 5000 });
    assert.deepEqual(server.state.settings, { ...RECORDED_SETTINGS, timeoutMs: 2500 });
  } finally {
    await app.close();
    server.state.settings = RECORDED_SETTINGS;
  }
});

test('takes settings saved elsewhere into an untouched form, and asks before replacing unsaved edits', async () => {
  server.state.settings = RECORDED_SETTINGS;
  const streams = (): number => server.requests.filter((line) => line.startsWith('GET /api/events')).length;
  const before = streams();
  const app = await openApp(browser, server.appUrl);
  try {
    const { page } = app;
    // This page's own stream (earlier tests opened theirs on the same server).
    await waitFor(() => streams() > before);
    const timeout = page.getByLabel('Give up on a target after (milliseconds)');
    const elsewhere = {
      ...RECORDED_SETTINGS,
      timeoutMs: 4000,
      startAtLogin: !RECORDED_SETTINGS.startAtLogin,
    };
    server.emit('settings-changed', { settings: elsewhere });
    await waitForAsync(async () => (await timeout.inputValue()) === '4000');
    assert.equal(
      await page.getByLabel('Start at login', { exact: true }).isChecked(),
      elsewhere.startAtLogin,
    );
    assert.equal(await page.locator('.settings-conflict').isHidden(), true);

    // Now with an edit in progress: it stays, and the form offers the other version.
    await timeout.fill('1234');
    server.emit('settings-changed', { settings: { ...elsewhere, timeoutMs: 5000 } });
    const conflict = page.locator('.settings-conflict', {
      hasText: 'Settings were changed elsewhere — reload?',
    });
    await conflict.waitFor({ timeout: 5000 });
    assert.equal(await timeout.inputValue(), '1234');
    await page.getByRole('button', { name: 'Reload settings' }).click();
    assert.equal(await timeout.inputValue(), '5000');
    assert.equal(await conflict.isHidden(), true);
  } finally {
    await app.close();
  }
});

async function waitForAsync(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((done) => setTimeout(done, 20));
  }
}

test('a save made while "changed elsewhere" shows keeps the other change where the user edited nothing', async () => {
  server.state.settings = RECORDED_SETTINGS;
  const streams = (): number => server.requests.filter((line) => line.startsWith('GET /api/events')).length;
  const before = streams();
  const app = await openApp(browser, server.appUrl);
  try {
    const { page } = app;
    await waitFor(() => streams() > before);
    const timeout = page.getByLabel('Give up on a target after (milliseconds)');
    await timeout.fill('1234');
    // Another tab saves a new interval meanwhile.
    const theirs = { ...RECORDED_SETTINGS, intervalMs: 9000 };
    server.state.settings = theirs;
    server.emit('settings-changed', { settings: theirs });
    await page.locator('.settings-conflict').waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Save settings' }).click();
    const status = page.locator('.save-status');
    await status.filter({ hasText: 'Saved at' }).waitFor({ timeout: 5000 });
    assert.match((await status.textContent()) ?? '', /Kept the check interval saved elsewhere\./);
    assert.equal(server.state.settings.intervalMs, 9000, 'the other tab’s interval survived');
    assert.equal(server.state.settings.timeoutMs, 1234, 'this tab’s timeout was saved');
    assert.equal(await page.locator('.settings-conflict').isHidden(), true);
    assert.equal(await timeout.inputValue(), '1234');
  } finally {
    await app.close();
    server.state.settings = RECORDED_SETTINGS;
  }
});
