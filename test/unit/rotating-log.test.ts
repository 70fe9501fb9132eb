import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckReport } from '../../app/check.js';
import { monitorLogLines } from '../../app/log/monitor-log-lines.js';
import { DEFAULT_LOG_MAX_BYTES, DEFAULT_LOG_MAX_FILES, openRotatingLog } from '../../app/log/rotating-log.js';

function withDir(run: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotlog-'));
    try {
      await run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** 99 characters + newline = exactly 100 bytes per line. */
const line = (n: number): string => `line ${String(n).padStart(4, '0')} `.padEnd(99, '.');

test('defaults to three files of 1 MiB', () => {
  assert.equal(DEFAULT_LOG_MAX_BYTES, 1024 * 1024);
  assert.equal(DEFAULT_LOG_MAX_FILES, 3);
});

test(
  'rotates exactly at the cap: a file fills to the byte, the next line starts a new one',
  withDir(async (dir) => {
    const path = join(dir, 'app.log');
    const log = await openRotatingLog({ path, maxBytes: 1000, maxFiles: 3 });
    for (let n = 0; n < 10; n += 1) await log.append([line(n)]);
    assert.equal(statSync(path).size, 1000);
    assert.deepEqual(readdirSync(dir), ['app.log']);
    await log.append([line(10)]);
    assert.deepEqual(readdirSync(dir).sort(), ['app.log', 'app.log.1']);
    assert.equal(statSync(join(dir, 'app.log.1')).size, 1000);
    assert.equal(readFileSync(path, 'utf8'), `${line(10)}\n`);
  }),
);

test(
  'shifts old files up and never keeps more than maxFiles, dropping the oldest lines',
  withDir(async (dir) => {
    const path = join(dir, 'app.log');
    const log = await openRotatingLog({ path, maxBytes: 1000, maxFiles: 3 });
    // 45 lines = 4.5 files' worth: the first 15 lines must be gone.
    for (let n = 0; n < 45; n += 1) await log.append([line(n)]);
    assert.deepEqual(readdirSync(dir).sort(), ['app.log', 'app.log.1', 'app.log.2']);
    const firstLine = (file: string) => readFileSync(join(dir, file), 'utf8').split('\n')[0];
    assert.equal(firstLine('app.log.2'), line(20));
    assert.equal(firstLine('app.log.1'), line(30));
    assert.equal(firstLine('app.log'), line(40));
    for (const file of readdirSync(dir)) assert.ok(statSync(join(dir, file)).size <= 1000, file);
  }),
);

test(
  'a batch that crosses the cap is split at a line boundary, never mid-line',
  withDir(async (dir) => {
    const path = join(dir, 'app.log');
    const log = await openRotatingLog({ path, maxBytes: 1000, maxFiles: 2 });
    await log.append(Array.from({ length: 15 }, (_, n) => line(n)));
    assert.equal(readFileSync(join(dir, 'app.log.1'), 'utf8').split('\n').length, 11);
    assert.equal(
      readFileSync(path, 'utf8'),
      `${Array.from({ length: 5 }, (_, n) => line(n + 10)).join('\n')}\n`,
    );
  }),
);

test(
  'concurrent appends keep their order and the cap',
  withDir(async (dir) => {
    const path = join(dir, 'app.log');
    const log = await openRotatingLog({ path, maxBytes: 1000, maxFiles: 3 });
    await Promise.all(Array.from({ length: 25 }, (_, n) => log.append([line(n)])));
    const all = ['app.log.2', 'app.log.1', 'app.log']
      .filter((f) => readdirSync(dir).includes(f))
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').trimEnd().split('\n'));
    assert.deepEqual(
      all,
      Array.from({ length: 25 }, (_, n) => line(n)),
    );
  }),
);

test(
  'continues an existing file and counts its size toward the cap',
  withDir(async (dir) => {
    const path = join(dir, 'app.log');
    writeFileSync(path, 'x'.repeat(950));
    const log = await openRotatingLog({ path, maxBytes: 1000, maxFiles: 3 });
    await log.append([line(0)]);
    assert.equal(statSync(join(dir, 'app.log.1')).size, 950);
    assert.equal(statSync(path).size, 100);
  }),
);

test(
  'with one file it starts over instead of keeping history',
  withDir(async (dir) => {
    const path = join(dir, 'app.log');
    const log = await openRotatingLog({ path, maxBytes: 1000, maxFiles: 1 });
    for (let n = 0; n < 11; n += 1) await log.append([line(n)]);
    assert.deepEqual(readdirSync(dir), ['app.log']);
    assert.equal(readFileSync(path, 'utf8'), `${line(10)}\n`);
  }),
);

test(
  'cuts a line longer than a whole file and flattens embedded newlines',
  withDir(async (dir) => {
    const path = join(dir, 'app.log');
    const log = await openRotatingLog({ path, maxBytes: 300, maxFiles: 2 });
    await log.append(['é'.repeat(1000)]);
    await log.append(['forged\nline']);
    assert.ok(statSync(join(dir, 'app.log.1')).size <= 300);
    assert.match(readFileSync(join(dir, 'app.log.1'), 'utf8'), /^é+\.\.\.\n$/);
    assert.equal(readFileSync(path, 'utf8'), 'forged line\n');
  }),
);

test(
  'a failed write rejects that call only; later lines still land',
  withDir(async (dir) => {
    const log = await openRotatingLog({ path: join(dir, 'missing', 'app.log'), maxBytes: 1000 });
    await assert.rejects(log.append(['lost']), /ENOENT/);
    const ok = await openRotatingLog({ path: join(dir, 'app.log'), maxBytes: 1000 });
    await ok.append(['kept']);
    assert.equal(readFileSync(join(dir, 'app.log'), 'utf8'), 'kept\n');
    await assert.rejects(log.append(['still lost']), /ENOENT/);
  }),
);

test('rejects a cap or file count that cannot work, naming the value', async () => {
  await assert.rejects(openRotatingLog({ path: '/nonexistent/x', maxBytes: 10 }), /maxBytes .* got 10/);
  await assert.rejects(openRotatingLog({ path: '/nonexistent/x', maxFiles: 0 }), /maxFiles .* got 0/);
  await assert.rejects(openRotatingLog({ path: '/nonexistent/x', maxFiles: 1.5 }), /got 1.5/);
});

// The monitor-event formatter.

const AT = Date.UTC(2026, 11, 3, 10, 42, 5);
const report: CheckReport = {
  schema: 1,
  status: 'offline',
  causes: [
    { code: 'gateway-unreachable', severity: 'offline', title: 't', explanation: '', fix: [], evidence: [] },
  ],
  probes: [
    { kind: 'tcp', target: '198.51.100.1:443', family: 4, outcome: 'connected', errorCode: null, ms: 12.4 },
    {
      kind: 'tcp',
      target: '198.51.100.2:443',
      family: 4,
      outcome: 'timeout',
      errorCode: 'ETIMEDOUT',
      ms: 3000,
    },
    {
      kind: 'tcp',
      target: '[2001:db8::1]:53',
      family: 6,
      outcome: 'network-unreachable',
      errorCode: 'ENETUNREACH',
      ms: 0.4,
    },
    {
      kind: 'local',
      target: 'gateway 10.200.0.1 (eth0)',
      family: 4,
      outcome: 'gateway-alive',
      errorCode: 'ECONNREFUSED',
      ms: 1,
    },
    {
      kind: 'local',
      target: 'gateway 10.200.0.1 (eth0)',
      family: 4,
      outcome: 'gateway-silent',
      errorCode: null,
      ms: null,
    },
  ],
  startedAt: new Date(AT).toISOString(),
  elapsedMs: 3000,
};

test('logs one line per status change with the causes', () => {
  assert.deepEqual(
    monitorLogLines({ type: 'status-changed', from: 'online', to: 'offline', at: AT, report }),
    ['2026-12-03T10:42:05.000Z status from=online to=offline causes=gateway-unreachable'],
  );
  assert.deepEqual(
    monitorLogLines({ type: 'status-changed', from: 'online', to: 'paused', at: AT, report: null }),
    ['2026-12-03T10:42:05.000Z status from=online to=paused causes=-'],
  );
});

test('logs every failed probe with its error code, and nothing for probes that succeeded', () => {
  assert.deepEqual(monitorLogLines({ type: 'check-completed', at: AT, mode: 'full', report }), [
    '2026-12-03T10:42:05.000Z probe-failed mode=full kind=tcp target=198.51.100.2:443 outcome=timeout errorCode=ETIMEDOUT ms=3000',
    '2026-12-03T10:42:05.000Z probe-failed mode=full kind=tcp target=[2001:db8::1]:53 outcome=network-unreachable errorCode=ENETUNREACH ms=0',
    '2026-12-03T10:42:05.000Z probe-failed mode=full kind=local target="gateway 10.200.0.1 (eth0)" outcome=gateway-silent errorCode=- ms=-',
  ]);
});

test('logs a check that threw, and nothing for outage or diagnosis events', () => {
  assert.deepEqual(
    monitorLogLines({ type: 'check-failed', at: AT, mode: 'fast', message: 'aborted: timeout' }),
    ['2026-12-03T10:42:05.000Z check-failed mode=fast message="aborted: timeout"'],
  );
  assert.deepEqual(monitorLogLines({ type: 'outage-started', at: AT, status: 'offline', causes: [] }), []);
  assert.deepEqual(
    monitorLogLines({ type: 'outage-ended', startedAt: AT, endedAt: AT, durationMs: 0, reason: 'recovered' }),
    [],
  );
  assert.deepEqual(monitorLogLines({ type: 'diagnosis-changed', at: AT, causes: [] }), []);
});
