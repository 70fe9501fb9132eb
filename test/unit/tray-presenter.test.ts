import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Snapshot } from '../../app/api/contract.js';
import type { CheckReport } from '../../app/check.js';
import type { Cause } from '../../app/diagnosis/types.js';
import type { MonitorStatus } from '../../app/monitor/events.js';
import { commandFor, PAUSE_LONG_MS, PAUSE_SHORT_MS } from '../../app/tray/menu-commands.js';
import {
  PAUSED_UNTIL_RESUMED,
  presentTray,
  TOOLTIP_MAX_CHARS,
  trayInputFromSnapshot,
  type TrayInput,
} from '../../app/tray/presenter.js';
import { signInUrlFrom } from '../../app/tray/sign-in-url.js';
import { createTimeFormatter } from '../../app/tray/time-format.js';
import { ICON_THEMES, TRAY_STATUSES, trayIconFor } from '../../app/tray/tray-icon.js';

// 2026-12-03 10:42:00 UTC
const SINCE = Date.UTC(2026, 11, 3, 10, 42);
const NOW = SINCE + 5 * 60_000;
const PAUSE_END = Date.UTC(2026, 11, 3, 11, 15);
const utcClock = (ms: number): string => new Date(ms).toISOString().slice(11, 16);
const PORTAL_URL = 'http://portal.example.net/login';

function input(overrides: Partial<TrayInput>): TrayInput {
  return {
    status: 'online',
    since: SINCE,
    latencyMs: 14.2,
    topCauseTitle: null,
    pausedUntil: null,
    signInUrl: null,
    startAtLogin: false,
    platform: 'linux',
    iconTheme: 'light',
    scaleFactor: 1,
    now: NOW,
    ...overrides,
  };
}

const titleFor: Record<MonitorStatus, string | null> = {
  online: null,
  limited: 'Sign-in required',
  offline: 'Your router does not answer',
  checking: null,
  paused: null,
};

const expectedTooltip = (status: MonitorStatus, pausedUntil: number | null): string =>
  ({
    online: 'Online · 14 ms',
    limited: 'Limited · sign-in required',
    offline: 'Offline since 10:42 · your router does not answer',
    checking: 'Checking…',
    paused: pausedUntil === PAUSED_UNTIL_RESUMED ? 'Paused until resumed' : 'Paused until 11:15',
  })[status];

const expectedIcon = (status: MonitorStatus, platform: NodeJS.Platform, theme: string): string =>
  platform === 'darwin'
    ? `mac/${status}Template.png`
    : platform === 'win32'
      ? `win/${status}-${theme}.ico`
      : `linux/${status}-${theme}-22.png`;

const platforms: readonly NodeJS.Platform[] = ['darwin', 'win32', 'linux'];

for (const status of TRAY_STATUSES) {
  for (const pausedUntil of status === 'paused' ? [PAUSE_END, PAUSED_UNTIL_RESUMED] : [null]) {
    for (const portal of [false, true]) {
      for (const platform of platforms) {
        for (const iconTheme of ICON_THEMES) {
          const name =
            `${status}${pausedUntil === PAUSED_UNTIL_RESUMED ? ' (until resumed)' : ''} ` +
            `${portal ? 'with' : 'without'} a sign-in URL on ${platform}, ${iconTheme} panel`;
          test(`presents ${name}`, () => {
            const view = presentTray(
              input({
                status,
                pausedUntil,
                platform,
                iconTheme,
                topCauseTitle: titleFor[status],
                signInUrl: portal ? PORTAL_URL : null,
                startAtLogin: portal,
              }),
              utcClock,
            );
            assert.equal(view.icon.path, expectedIcon(status, platform, iconTheme));
            assert.equal(view.icon.name, status);
            assert.equal(view.icon.template, platform === 'darwin');
            assert.equal(view.tooltip, expectedTooltip(status, pausedUntil));

            const ids = view.menu.filter((i) => i.type !== 'separator').map((i) => i.id);
            const paused = status === 'paused';
            const showsSignIn = portal && (status === 'limited' || status === 'offline');
            assert.deepEqual(ids, [
              'status',
              'check-now',
              'open-window',
              ...(showsSignIn ? ['open-sign-in'] : []),
              ...(paused ? ['resume'] : ['pause-15m', 'pause-1h', 'pause-until-resumed']),
              'start-at-login',
              'quit',
            ]);
            const byId = new Map(view.menu.map((i) => [i.id, i]));
            assert.deepEqual(byId.get('status'), {
              id: 'status',
              // The menu's status line leaves the latency to the tooltip.
              label: status === 'online' ? 'Online' : view.tooltip,
              enabled: false,
              type: 'normal',
              checked: false,
            });
            assert.equal(byId.get('check-now')?.enabled, !paused);
            assert.equal(byId.get('start-at-login')?.type, 'checkbox');
            assert.equal(byId.get('start-at-login')?.checked, portal);
            assert.ok(view.menu.every((i) => i.type !== 'separator' || !i.enabled));
            assert.equal(new Set(view.menu.map((i) => i.id)).size, view.menu.length, 'ids are unique');
          });
        }
      }
    }
  }
}

test('says only the status when there is no latency or cause to quote', () => {
  assert.equal(presentTray(input({ latencyMs: null }), utcClock).tooltip, 'Online');
  assert.equal(presentTray(input({ status: 'limited' }), utcClock).tooltip, 'Limited');
  assert.equal(presentTray(input({ status: 'offline' }), utcClock).tooltip, 'Offline since 10:42');
});

test('keeps an acronym at the start of a cause title capitalised', () => {
  const view = presentTray(input({ status: 'limited', topCauseTitle: 'DNS lookups fail' }), utcClock);
  assert.equal(view.tooltip, 'Limited · DNS lookups fail');
  const v6 = presentTray(input({ status: 'limited', topCauseTitle: 'IPv6 is broken' }), utcClock);
  assert.equal(v6.tooltip, 'Limited · IPv6 is broken');
});

test('cuts a tooltip longer than Windows allows, keeping the full text in the menu', () => {
  const long = 'x'.repeat(300);
  const view = presentTray(input({ status: 'limited', topCauseTitle: long }), utcClock);
  assert.equal([...view.tooltip].length, TOOLTIP_MAX_CHARS);
  assert.ok(view.tooltip.endsWith('…'));
  assert.equal(view.menu[0]?.label, `Limited · ${long}`);
});

test('picks the Linux PNG nearest the panel size for the display scale', () => {
  const pick = (scale: number) => trayIconFor('online', 'linux', 'dark', scale).path;
  assert.equal(pick(1), 'linux/online-dark-22.png');
  assert.equal(pick(1.25), 'linux/online-dark-24.png');
  assert.equal(pick(1.5), 'linux/online-dark-32.png');
  assert.equal(pick(2), 'linux/online-dark-48.png');
  assert.equal(pick(3), 'linux/online-dark-48.png');
  assert.equal(trayIconFor('offline', 'freebsd', 'light').path, 'linux/offline-light-22.png');
});

test('macOS ignores the panel theme: template images are tinted by the system', () => {
  assert.deepEqual(trayIconFor('limited', 'darwin', 'light'), trayIconFor('limited', 'darwin', 'dark'));
});

// Snapshot → presenter input.

const cause = (code: Cause['code'], severity: Cause['severity'], title: string, extra = {}): Cause => ({
  code,
  severity,
  title,
  explanation: '',
  fix: [],
  evidence: [],
  ...extra,
});

function snapshot(
  status: MonitorStatus,
  causes: readonly Cause[],
  pausedUntil: number | null = null,
): Snapshot {
  const diagnosis: CheckReport = {
    schema: 1,
    status: status === 'limited' || status === 'offline' ? status : 'online',
    causes,
    probes: [],
    startedAt: new Date(SINCE).toISOString(),
    elapsedMs: 20,
  };
  return { status, since: SINCE, latencyMs: null, diagnosis, pausedUntil, notices: [] };
}

const host = { startAtLogin: true, platform: 'linux', iconTheme: 'dark', scaleFactor: 1, now: NOW } as const;

test('quotes the first cause whose severity matches the status, skipping info causes', () => {
  const causes = [
    cause('port-blocked', 'info', 'Some ports are blocked'),
    cause('dns-failing', 'limited', 'DNS lookups fail'),
    cause('gateway-unreachable', 'offline', 'Your router does not answer'),
  ];
  assert.equal(trayInputFromSnapshot(snapshot('limited', causes), host).topCauseTitle, 'DNS lookups fail');
  assert.equal(
    trayInputFromSnapshot(snapshot('offline', causes), host).topCauseTitle,
    'Your router does not answer',
  );
  assert.equal(trayInputFromSnapshot(snapshot('online', causes), host).topCauseTitle, null);
});

test('does not quote a limited diagnosis under Offline when the diagnosis predates the status', () => {
  const stale = [cause('dns-failing', 'limited', 'DNS lookups fail')];
  assert.equal(trayInputFromSnapshot(snapshot('offline', stale), host).topCauseTitle, null);
});

test('finds the sign-in URL in a captive-portal cause and offers it in the menu', () => {
  const portal = cause('captive-portal', 'limited', 'Sign-in required', {
    explanation: `This network redirects web traffic to a sign-in page (${PORTAL_URL}): common on hotel Wi-Fi.`,
  });
  const trayInput = trayInputFromSnapshot(snapshot('limited', [portal]), host);
  assert.equal(trayInput.signInUrl, PORTAL_URL);
  assert.equal(trayInput.topCauseTitle, 'Sign-in required');
  const view = presentTray(trayInput, utcClock);
  assert.equal(view.tooltip, 'Limited · sign-in required');
  assert.ok(view.menu.some((i) => i.id === 'open-sign-in'));
  assert.deepEqual(commandFor('open-sign-in', trayInput), { kind: 'open-sign-in', url: PORTAL_URL });
});

test('prefers the cause’s own signInUrl field over URLs quoted in its text', () => {
  const portal = cause('captive-portal', 'limited', 'Sign-in required', {
    signInUrl: 'https://wifi.example.org/accept?next=(home)',
    evidence: ['http 198.51.100.10:80 redirect to http://other.example/'],
  });
  assert.equal(signInUrlFrom([portal]), 'https://wifi.example.org/accept?next=(home)');
  const fromEvidence = cause('captive-portal', 'limited', 'Sign-in required', {
    evidence: ['http 198.51.100.10:80 redirect to http://other.example/login.'],
  });
  assert.equal(signInUrlFrom([fromEvidence]), 'http://other.example/login');
});

test('refuses sign-in URLs that are not http(s), so a network cannot make us open other schemes', () => {
  for (const signInUrl of [
    'javascript:alert(1)',
    'file:///etc/passwd',
    'smb://evil.example/share',
    'not a url',
  ]) {
    const portal = cause('captive-portal', 'limited', 'Sign-in required', { signInUrl });
    assert.equal(signInUrlFrom([portal]), null, signInUrl);
  }
  assert.equal(signInUrlFrom([cause('dns-failing', 'limited', 'DNS lookups fail')]), null);
});

test('hides the sign-in item once the status is no longer limited or offline', () => {
  const portal = cause('captive-portal', 'limited', 'Sign-in required', { signInUrl: PORTAL_URL });
  for (const status of ['online', 'checking', 'paused'] as const) {
    const trayInput = trayInputFromSnapshot(
      snapshot(status, [portal], status === 'paused' ? -1 : null),
      host,
    );
    assert.equal(trayInput.signInUrl, null, status);
    assert.ok(!presentTray(trayInput, utcClock).menu.some((i) => i.id === 'open-sign-in'), status);
  }
});

// Menu commands.

test('turns each menu item into the command main runs', () => {
  const context = { now: NOW, signInUrl: null };
  assert.deepEqual(commandFor('pause-15m', context), { kind: 'pause', untilMs: NOW + PAUSE_SHORT_MS });
  assert.deepEqual(commandFor('pause-1h', context), { kind: 'pause', untilMs: NOW + PAUSE_LONG_MS });
  assert.deepEqual(commandFor('pause-until-resumed', context), { kind: 'pause', untilMs: null });
  assert.deepEqual(commandFor('resume', context), { kind: 'resume' });
  assert.deepEqual(commandFor('check-now', context), { kind: 'check-now' });
  assert.deepEqual(commandFor('open-window', context), { kind: 'open-window' });
  assert.deepEqual(commandFor('start-at-login', context, true), {
    kind: 'set-start-at-login',
    enabled: true,
  });
  assert.deepEqual(commandFor('quit', context), { kind: 'quit' });
  assert.deepEqual(commandFor('status', context), { kind: 'none' });
  assert.deepEqual(commandFor('separator-1', context), { kind: 'none' });
  assert.deepEqual(commandFor('open-sign-in', context), { kind: 'none' });
  assert.equal(PAUSE_SHORT_MS, 15 * 60_000);
  assert.equal(PAUSE_LONG_MS, 3_600_000);
});

// Time formatting in the user's locale and zone.

test('formats times in the given locale and time zone, dropping the date for today', () => {
  const gb = createTimeFormatter({ locale: 'en-GB', timeZone: 'UTC' });
  assert.equal(gb(SINCE, NOW), '10:42');
  const ny = createTimeFormatter({ locale: 'en-US', timeZone: 'America/New_York' });
  assert.equal(ny(SINCE, NOW), '5:42 AM');
  const berlin = createTimeFormatter({ locale: 'de-DE', timeZone: 'Europe/Berlin' });
  assert.equal(berlin(SINCE, NOW), '11:42');
});

test('adds the weekday for an earlier day this week and the date before that', () => {
  const gb = createTimeFormatter({ locale: 'en-GB', timeZone: 'UTC' });
  const yesterday = SINCE - 24 * 3_600_000;
  assert.equal(gb(yesterday, NOW), 'Wed 10:42');
  assert.equal(gb(SINCE - 10 * 24 * 3_600_000, NOW), '23 Nov, 10:42');
});

test('rejects an unknown time zone once, naming it', () => {
  assert.throws(() => createTimeFormatter({ locale: 'en-GB', timeZone: 'Mars/Olympus' }), /Mars\/Olympus/);
});

test('a paused-until time tomorrow carries its date', () => {
  const gb = createTimeFormatter({ locale: 'en-GB', timeZone: 'UTC' });
  const tomorrow = SINCE + 24 * 3_600_000;
  const view = presentTray(input({ status: 'paused', pausedUntil: tomorrow }), gb);
  assert.equal(view.tooltip, 'Paused until 4 Dec, 10:42');
});

test('a pause end or status start no Date can hold reads without a time instead of throwing', () => {
  const gb = createTimeFormatter({ locale: 'en-GB', timeZone: 'UTC' });
  const cases: readonly [Partial<TrayInput>, string][] = [
    [{ status: 'paused', pausedUntil: 1e300 }, 'Paused'],
    [{ status: 'paused', pausedUntil: Number.NaN }, 'Paused'],
    [{ status: 'offline', since: 8.64e15 + 1 }, 'Offline'],
  ];
  for (const [overrides, tooltip] of cases) {
    assert.equal(presentTray(input(overrides), gb).tooltip, tooltip, JSON.stringify(overrides));
  }
});
