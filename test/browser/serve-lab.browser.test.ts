// The status window end to end: the real `internet-conn serve` (real monitor, interval 1 s, timeout 1 s,
// lab targets only) runs in the lab's client namespace, and Debian's Chromium runs in that same namespace
// so it reaches serve on 127.0.0.1 there and nothing else: the lab has no link to the machine's network.
// The lab breaks IPv6, then black-holes the uplink, then heals; the window must follow each step.
// One lab, one serve, one browser; the tests run in order and each leaves the lab healthy (or says why).
// Needs root, /usr/bin/chromium and `npm run build`. `UPDATE_SCREENSHOTS=1` rewrites docs/screenshots/status-*.png.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseEndpoint } from '../../app/config/endpoint.js';
import { causeCatalogue, fixStepsFor } from '../../app/diagnosis/catalogue.js';
import { fillTemplate } from '../../app/diagnosis/render-cause.js';
import type { MonitorStatus } from '../../app/monitor/events.js';
import { requiredInCi } from '../helpers/required-in-ci.js';
import { createLab, labSkipReason, type Fault, type Lab, type Service } from '../lab/fixture/lab.js';
import { LAB_LAYER_ENV } from '../lab/fixture/lab-layers.js';
import { CLI_BIN, REPO_ROOT } from '../lab/fixture/namespace.js';
import {
  accessibleNodes,
  CHROMIUM_ARGS,
  ensureRendererBuilt,
  focusedNode,
  openApp,
  type OpenedApp,
  type OpenOptions,
} from './harness.js';

const CHROMIUM = '/usr/bin/chromium';
const PORT = 8470;
const APP_URL = `http://127.0.0.1:${PORT}/`;
const TARGETS = ['198.51.100.1:443', '203.0.113.1:443', '[2001:db8:100::1]:443'];
/** Interval 1 s + one confirmation 1 s later, each check up to the 1 s timeout, plus the event's trip. */
const DETECTION_LIMIT_MS = 10_000;
/** The outage starts at the first failing check and ends at the first good one: each edge ≤ ~2 s late. */
const DURATION_TOLERANCE_MS = 3_000;
/**
 * The README's screenshots are rewritten only on request (`UPDATE_SCREENSHOTS=1`): a test run must not
 * dirty the checkout. Otherwise they still go through the same code, into a scratch directory.
 */
const SCREENSHOTS =
  process.env['UPDATE_SCREENSHOTS'] === '1'
    ? join(REPO_ROOT, 'docs', 'screenshots')
    : join(tmpdir(), 'internet-conn-screenshots');
const UPSTREAM = causeCatalogue['upstream-unreachable'];
const IPV6 = causeCatalogue['ipv6-broken'];

function skipReason(): string | false {
  const lab = labSkipReason();
  if (lab !== null) return lab;
  if (!existsSync(CHROMIUM))
    return requiredInCi(`${CHROMIUM} is missing: install Debian's chromium package to run this`);
  return false;
}
const skip = skipReason();

let lab: Lab | undefined;
let browser: Browser | undefined;
let serve: Service | undefined;
let workDir = '';

before(async () => {
  if (skip !== false) return;
  const stale = staleBuild();
  if (stale !== null) throw new Error(stale);
  await ensureRendererBuilt();
  workDir = await mkdtemp(join(tmpdir(), 'icn-serve-lab-'));
  lab = await createLab();
  browser = await chromium.launch({
    executablePath: writeChromiumWrapper(lab.names.client),
    args: CHROMIUM_ARGS,
    headless: true,
  });
});

after(async () => {
  await browser?.close();
  await serve?.stop();
  await lab?.destroy();
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
});

/**
 * The serve bundle must be newer than every source it was built from (its source map lists them), or
 * the lab tests yesterday's code.
 */
function staleBuild(): string | null {
  const bundle = join(REPO_ROOT, 'dist', 'serve-command.cjs');
  const map = `${bundle}.map`;
  if (!existsSync(CLI_BIN) || !existsSync(bundle) || !existsSync(map))
    return 'run `npm run build` first: no bundled serve command';
  const built = statSync(bundle).mtimeMs;
  const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
  const changed = sources
    .filter((source) => !source.includes('node_modules'))
    .map((source) => join(REPO_ROOT, 'dist', source))
    .find((path) => !existsSync(path) || statSync(path).mtimeMs > built);
  return changed === undefined ? null : `run \`npm run build\` first: ${changed} is newer than the bundle`;
}

/**
 * Playwright starts "Chromium" through this script, which moves it into the client namespace first. Its
 * content is fixed apart from the namespace name, which the fixture generates; checked anyway, since it
 * lands in a shell script.
 */
function writeChromiumWrapper(namespace: string): string {
  if (!/^[a-z0-9-]+$/.test(namespace))
    throw new Error(`unexpected lab namespace name ${JSON.stringify(namespace)}`);
  const path = join(workDir, 'chromium-in-lab.sh');
  writeFileSync(path, `#!/bin/sh\nexec ip netns exec ${namespace} ${CHROMIUM} "$@"\n`);
  chmodSync(path, 0o700);
  return path;
}

function theLab(): Lab {
  assert.ok(lab, 'the lab was not built');
  return lab;
}

function theBrowser(): Browser {
  assert.ok(browser, 'Chromium was not started');
  return browser;
}

/** The real serve in the client namespace; started by the first test, with IPv6 already broken. */
async function startServe(): Promise<Service> {
  const args = [
    'serve',
    '--listen',
    `127.0.0.1:${PORT}`,
    '--db',
    join(workDir, 'history.db'),
    ...TARGETS.flatMap((target) => ['--target', target]),
    '--interval',
    '1s',
    '--timeout',
    '1s',
  ];
  return theLab().startService('client', [process.execPath, CLI_BIN, ...args], {
    // Loopback needs no token, so the URL is printed bare.
    readyLine: `internet-conn: status page at ${APP_URL}`,
    timeoutMs: 15_000,
    // An empty config directory: a developer's own config file must not change what the lab sees.
    env: { ...LAB_LAYER_ENV, XDG_CONFIG_HOME: join(workDir, 'config') },
  });
}

function open(options: OpenOptions = {}): Promise<OpenedApp> {
  return openApp(theBrowser(), APP_URL, { viewport: { width: 1100, height: 860 }, ...options });
}

async function waitForStatus(page: Page, status: MonitorStatus, timeout = DETECTION_LIMIT_MS): Promise<void> {
  try {
    await page.locator(`#status-card[data-status="${status}"]`).waitFor({ timeout });
  } catch {
    const shown = await page.locator('#status-card').getAttribute('data-status');
    assert.fail(
      `the card shows ${String(shown)}, not ${status}, after ${timeout} ms; serve said:\n${serve?.output()}`,
    );
  }
}

/** Screenshots of the real window in `status`, light and dark, for the README. */
async function screenshots(status: 'online' | 'limited' | 'offline'): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    const app = await open({ colorScheme: scheme });
    try {
      await waitForStatus(app.page, status);
      await app.page.screenshot({
        path: join(SCREENSHOTS, `status-${status}-${scheme}.png`),
        animations: 'disabled',
      });
    } finally {
      await app.close();
    }
  }
}

/** `12 s` / `1 min` (formatDuration) → ms, to the precision shown. */
function shownDurationMs(text: string): number {
  const match = /^(\d+) (s|min)$/.exec(text.trim());
  assert.ok(match?.[1] !== undefined, `not a short duration: ${JSON.stringify(text)}`);
  return Number(match[1]) * (match[2] === 's' ? 1000 : 60_000);
}

test(
  'shows limited with ipv6-broken when only IPv6 is dropped beyond the router (v4 + v6 targets)',
  { skip },
  async () => {
    // Broken before serve starts: the first check is a full diagnosis; later ones while online are fast
    // checks that one working IPv4 target settles, so they would never look at IPv6.
    const fault = await theLab().ipv6Broken();
    serve = await startServe();
    const app = await open();
    try {
      await waitForStatus(app.page, 'limited');
      const card = app.page.locator('#status-card');
      assert.equal(await card.locator('.status-title').textContent(), 'Limited');
      assert.equal(await card.locator('.status-summary').textContent(), IPV6.title);
      assert.equal(await app.page.locator('.cause').first().getAttribute('data-code'), 'ipv6-broken');
      assert.deepEqual(app.foreignRequests, []);
      assert.deepEqual(await app.cspViolations(), []);
      await screenshots('limited');
    } finally {
      await fault.undo();
      await app.close();
    }
  },
);

test('shows online once IPv6 works again, with no problems listed', { skip }, async () => {
  assert.ok(serve, 'serve was not started by the first test');
  const app = await open();
  try {
    // While limited the monitor keeps running full checks, so it sees IPv6 come back.
    await waitForStatus(app.page, 'online');
    const card = app.page.locator('#status-card');
    assert.equal(await card.locator('.status-title').textContent(), 'Online');
    assert.match((await card.locator('.status-meta').textContent()) ?? '', /latency \d/);
    await app.page.locator('.diagnosis .empty').waitFor({ timeout: 5000 });
    assert.match((await app.page.locator('.diagnosis .empty').textContent()) ?? '', /^No problems found/);
    await screenshots('online');
  } finally {
    await app.close();
  }
});

let cut: { fault: Fault; at: number } | undefined;

test(
  'turns offline with upstream-unreachable and its fix steps within the detection time when the uplink is black-holed',
  { skip },
  async (t) => {
    const app = await open();
    try {
      await waitForStatus(app.page, 'online');
      cut = { fault: await theLab().blackHole(), at: Date.now() };
      await waitForStatus(app.page, 'offline');
      const detectedMs = Date.now() - cut.at;
      assert.ok(detectedMs <= DETECTION_LIMIT_MS, `offline shown after ${detectedMs} ms`);
      t.diagnostic(`offline shown ${detectedMs} ms after the uplink was black-holed`);
      const card = app.page.locator('#status-card');
      assert.equal(await card.locator('.status-title').textContent(), 'Offline');
      assert.equal(await card.locator('.status-summary').textContent(), UPSTREAM.title);
      const cause = app.page.locator('.cause[data-code="upstream-unreachable"]');
      assert.equal(await cause.locator('h3').textContent(), UPSTREAM.title);
      const shownSteps = await cause.locator('ol.fix-steps > li').allTextContents();
      const templates = fixStepsFor(UPSTREAM, 'linux');
      assert.equal(shownSteps.length, templates.length);
      templates.forEach((template, index) => {
        const shown = shownSteps[index] ?? '';
        // The first step depends on what the router did (answered, or could not be tested);
        // every other step is fixed text naming the first target that failed (`tracepath -n {host}`).
        if (template.includes('{firstStep}')) assert.ok(shown.length > 20, `step ${index + 1}: ${shown}`);
        // The window shows `code` spans as code elements, so their text has no backticks.
        else
          assert.equal(
            shown,
            fillTemplate(template, { host: '198.51.100.1' }, 'upstream-unreachable').replace(
              /`([^`]+)`/g,
              '$1',
            ),
          );
      });
      assert.equal(
        await app.page.locator('.cause').first().getAttribute('data-code'),
        'upstream-unreachable',
      );
      await screenshots('offline');
    } finally {
      await app.close();
    }
  },
);

test('"Copy report" puts the cause title on the clipboard while offline', { skip }, async () => {
  assert.ok(cut, 'the uplink was not cut by the previous test');
  const app = await open({ clipboard: true });
  try {
    await waitForStatus(app.page, 'offline');
    await app.page.getByRole('button', { name: 'Copy report' }).click();
    await app.page.locator('.copy-status', { hasText: 'Report copied' }).waitFor({ timeout: 5000 });
    const report = await app.page.evaluate(() => navigator.clipboard.readText());
    assert.match(report, /^Status: {2}Offline since /m);
    assert.ok(report.includes(`${UPSTREAM.title} [upstream-unreachable, offline]`), report);
    assert.match(report, /tcp +198\.51\.100\.1:443 +IPv4 +timeout/);
  } finally {
    await app.close();
  }
});

test(
  'returns to online when the uplink is restored, with the outage listed and on the timeline for as long as the cut lasted',
  { skip },
  async (t) => {
    assert.ok(cut, 'the uplink was not cut by an earlier test');
    const app = await open();
    try {
      await waitForStatus(app.page, 'offline');
      await cut.fault.undo();
      const cutMs = Date.now() - cut.at;
      await waitForStatus(app.page, 'online');
      // The status change reloads the history; wait for the ended outage to be drawn.
      const row = app.page.locator('.outage-table tbody tr[data-cause="upstream-unreachable"]');
      await row.first().waitFor({ timeout: 5000 });
      assert.equal(await row.count(), 1);
      const cells = await row.locator('td').allTextContents();
      assert.notEqual(cells[1], 'ongoing');
      assert.ok((cells[3] ?? '').includes(UPSTREAM.title), cells.join(' | '));
      const listed = shownDurationMs(cells[2] ?? '');
      t.diagnostic(`cut lasted ${cutMs} ms; the list says ${cells[2]}`);
      // The list shows whole seconds, rounded down: allow one more second below.
      assert.ok(
        listed >= cutMs - DURATION_TOLERANCE_MS - 1000 && listed <= cutMs + DURATION_TOLERANCE_MS,
        `listed ${cells[2]}, cut lasted ${cutMs} ms`,
      );

      const frame = app.page.locator('.timeline-frame');
      const label = (await frame.getAttribute('aria-label')) ?? '';
      const offline = /1 offline period \((\d+ (?:s|min)) in total\)/.exec(label);
      assert.ok(offline?.[1] !== undefined, label);
      const drawn = shownDurationMs(offline[1]);
      assert.ok(
        drawn >= cutMs - DURATION_TOLERANCE_MS - 1000 && drawn <= cutMs + DURATION_TOLERANCE_MS,
        `timeline says ${offline[1]}, cut lasted ${cutMs} ms`,
      );
      assert.equal(await frame.locator('.segment[data-status="offline"]').count(), 1);
      // Seconds on a 24-hour strip: the bar keeps its minimum width and stays inside the strip to be seen.
      const bar = await frame.locator('.segment[data-status="offline"]').evaluate((element) => {
        const box = element.getBoundingClientRect();
        const strip = (element.parentElement as HTMLElement).getBoundingClientRect();
        return { width: box.width, inside: box.left >= strip.left - 0.5 && box.right <= strip.right + 0.5 };
      });
      assert.ok(bar.width >= 2 && bar.inside, `offline bar ${JSON.stringify(bar)}`);
      assert.equal(await frame.locator('.segment[data-status="limited"]').count(), 1);
    } finally {
      await cut.fault.undo();
      await app.close();
    }
  },
);

test(
  'settings reject a target that is not an IP literal with the server message beside the field',
  { skip },
  async () => {
    const app = await open();
    try {
      const { page } = app;
      const targets = page.getByLabel('Targets', { exact: true });
      assert.deepEqual((await targets.inputValue()).split('\n'), TARGETS);
      await targets.fill([...TARGETS, 'example.com:443'].join('\n'));
      await page.getByRole('button', { name: 'Save settings' }).click();
      const parsed = parseEndpoint('example.com:443');
      assert.equal(parsed.ok, false);
      const reason = parsed.ok ? '' : parsed.reason;
      const error = page.locator('#settings-targets-error');
      await error.waitFor({ timeout: 5000 });
      assert.equal(await error.textContent(), `Line 4 (example.com:443): ${reason}`);
      assert.equal(await targets.getAttribute('aria-invalid'), 'true');
      const described = await targets.evaluate((control) =>
        (control.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' | '),
      );
      assert.ok(described.includes(reason), described);
      assert.match((await page.locator('.save-status').textContent()) ?? '', /^Not saved/);
      // Nothing was saved: a fresh window still shows the targets serve started with.
      const again = await open();
      try {
        assert.deepEqual(
          (await again.page.getByLabel('Targets', { exact: true }).inputValue()).split('\n'),
          TARGETS,
        );
      } finally {
        await again.close();
      }
    } finally {
      await app.close();
    }
  },
);

test('Tab reaches every control of the real window in document order', { skip }, async () => {
  const app = await open();
  try {
    const { page } = app;
    await waitForStatus(page, 'online');
    // Every visible, enabled control; of a radio group only the checked one is a tab stop.
    await page.evaluate(() => {
      const selector =
        'button, input:not([type="radio"]):not([type="hidden"]), input[type="radio"]:checked, textarea, select, summary, a[href]';
      for (const element of document.querySelectorAll<HTMLElement>(selector)) {
        const disabled = (element as HTMLButtonElement).disabled === true;
        if (!disabled && element.checkVisibility()) element.setAttribute('data-tab-expected', '');
      }
    });
    const expected = (await accessibleNodes(page, '[data-tab-expected]')).map((n) => `${n.role}: ${n.name}`);
    for (const control of [
      'button: Check now',
      'button: Copy report',
      'textbox: Targets',
      'button: Save settings',
    ])
      assert.ok(expected.includes(control), `${control} missing from ${expected.join(', ')}`);
    const seen: string[] = [];
    for (let index = 0; index < expected.length; index += 1) {
      await page.keyboard.press('Tab');
      const node = await focusedNode(page);
      seen.push(`${node.role}: ${node.name}`);
    }
    assert.deepEqual(seen, expected);
    await page.keyboard.press('Tab');
    assert.equal((await focusedNode(page)).role, 'none', 'focus leaves the page after the last control');
  } finally {
    await app.close();
  }
});
