// Issue #4 benchmark: GET /api/history?range=30d over real HTTP on loopback, against 30 days of 5-second
// checks (518 400 raw checks, their minute and hour rollups, ~45 outages with their status changes).
// Target: median ≤ 50 ms. Run: node --import tsx bench/api-history.ts [requests]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCoreApi } from '../app/api/core-api.js';
import { DEFAULT_EDITABLE_SETTINGS } from '../app/api/editable-settings.js';
import { openSettingsStore } from '../app/api/settings-store.js';
import type { Status } from '../app/diagnosis/types.js';
import type { HistoryDatabase } from '../app/history/database.js';
import { createHistoryQueries } from '../app/history/queries.js';
import {
  addToRollup,
  alignDown,
  emptyRollup,
  HOUR_MS,
  MINUTE_MS,
  rollupAccess,
  type RollupRow,
} from '../app/history/rollup.js';
import { openMonitorRuntime } from '../app/monitor/runtime.js';
import { startServeServer } from '../app/serve/server.js';
import { ONLINE_REPORT } from '../test/fixtures/check-reports.js';
import { median, ms, worst } from './stats.js';

const DAY_MS = 24 * HOUR_MS;
const INTERVAL_MS = 5000;
const REQUESTS = Math.max(20, Number(process.argv[2] ?? '25'));
const TARGET_MS = 50;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Writes checks, rollups, outages and status changes the way the store would, only in big transactions. */
function generate(db: HistoryDatabase, end: number): { checks: number; outages: number } {
  const random = lcg(4);
  const insertCheck = db.prepare(
    'INSERT INTO checks (at, status, latency_ms, cause_codes) VALUES (?, ?, ?, ?)',
  );
  const insertOutage = db.prepare(
    'INSERT INTO outages (started_at, ended_at, cause, summary) VALUES (?, ?, ?, ?)',
  );
  const insertChange = db.prepare(
    'INSERT INTO status_changes (at, from_state, to_state, cause_codes) VALUES (?, ?, ?, ?)',
  );
  const minutes = rollupAccess(db, 'rollup_minute');
  const hours = rollupAccess(db, 'rollup_hour');
  let minute: RollupRow | null = null;
  let hour: RollupRow | null = null;
  let outageEnd = 0;
  let outages = 0;
  let checks = 0;
  let wasOffline = false;
  const start = end - 30 * DAY_MS;
  db.prepare('BEGIN').run();
  insertChange.run(start - 1000, null, 'online', '');
  for (let at = start; at < end; at += INTERVAL_MS) {
    // About 1.5 outages a day, 10 s to 2 h long, most under 5 minutes.
    if (at >= outageEnd && random() < 1.5 / (DAY_MS / INTERVAL_MS)) {
      const length = Math.min(2 * HOUR_MS, 10_000 + Math.floor(-Math.log(1 - random()) * 3 * 60_000));
      outageEnd = at + length;
      insertOutage.run(at, Math.min(outageEnd, end), 'upstream-unreachable', `outage ${outages}`);
      outages += 1;
    }
    const offline = at < outageEnd;
    if (offline !== wasOffline) {
      insertChange.run(at, wasOffline ? 'offline' : 'online', offline ? 'offline' : 'online', '');
      wasOffline = offline;
    }
    const limited = !offline && random() < 0.01;
    const status: Status = offline ? 'offline' : limited ? 'limited' : 'online';
    const latency = offline ? null : Math.round((12 + random() ** 4 * 300 + (limited ? 400 : 0)) * 10) / 10;
    insertCheck.run(at, status, latency, offline ? 'upstream-unreachable' : limited ? 'dns-slow' : '');
    for (const [size, access, get, set] of [
      [MINUTE_MS, minutes, () => minute, (row: RollupRow) => (minute = row)],
      [HOUR_MS, hours, () => hour, (row: RollupRow) => (hour = row)],
    ] as const) {
      const bucket = alignDown(at, size);
      let row = get();
      if (row === null || row.bucket !== bucket) {
        if (row !== null) access.write(row);
        row = emptyRollup(bucket);
        set(row);
      }
      addToRollup(row, status, latency);
    }
    checks += 1;
  }
  if (minute !== null) minutes.write(minute);
  if (hour !== null) hours.write(hour);
  db.prepare('COMMIT').run();
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { checks, outages };
}

function get(agent: Agent, port: number, path: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ic-api-bench-'));
  try {
    const dbPath = join(dir, 'history.sqlite');
    const end = Date.now();
    const opened = openMonitorRuntime({
      targets: [{ host: '198.51.100.1', port: 443, family: 4 }],
      timeoutMs: 3000,
      intervalMs: INTERVAL_MS,
      dbPath,
      runCheck: async () => ONLINE_REPORT,
      readNetworkFingerprint: null,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const runtime = opened.runtime;
    const db = runtime.db;
    if (db === null) throw new Error('no database');
    const generateStart = performance.now();
    const generated = generate(db, end);
    console.log(
      `generated ${generated.checks} checks over 30 days (${generated.outages} outages) in ` +
        `${((performance.now() - generateStart) / 1000).toFixed(1)} s; file ${(statSync(dbPath).size / 1024 / 1024).toFixed(1)} MiB`,
    );

    const store = await openSettingsStore({
      path: null,
      defaults: { ...DEFAULT_EDITABLE_SETTINGS, intervalMs: INTERVAL_MS },
    });
    const api = createCoreApi({ runtime, queries: createHistoryQueries(db), settingsStore: store });
    const started = await startServeServer({
      listen: { host: '127.0.0.1', port: 0, family: 4 },
      token: null,
      api,
      rendererDir: join(dir, 'no-build'),
    });
    if (!started.ok) throw new Error(started.message);
    const { port } = started.server;
    // A browser keeps its connection open; so does this client.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const path = '/api/history?range=30d';
      const warm = await get(agent, port, path);
      if (warm.status !== 200) throw new Error(`GET ${path} answered ${warm.status}`);
      const view = await api.getHistory('30d');
      console.log(
        `reply: ${(warm.bytes / 1024).toFixed(0)} KiB, ${view.series.points.length} series points, ` +
          `${view.timeline.length} timeline segments, ${view.outages.length} outages`,
      );
      const samples: number[] = [];
      for (let i = 0; i < REQUESTS; i += 1) {
        const t = performance.now();
        const reply = await get(agent, port, path);
        samples.push(performance.now() - t);
        if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}`);
      }
      const middle = median(samples);
      console.log(
        `GET ${path}: median ${ms(middle)}, worst ${ms(worst(samples))} over ${REQUESTS} requests ` +
          `(target ≤ ${TARGET_MS} ms: ${middle <= TARGET_MS ? 'met' : 'MISSED'})`,
      );
      for (const range of ['24h', '7d'] as const) {
        const times: number[] = [];
        for (let i = 0; i < REQUESTS; i += 1) {
          const t = performance.now();
          await get(agent, port, `/api/history?range=${range}`);
          times.push(performance.now() - t);
        }
        console.log(
          `GET /api/history?range=${range}: median ${ms(median(times))}, worst ${ms(worst(times))}`,
        );
      }
    } finally {
      agent.destroy();
      await started.server.close();
      api.dispose();
      await runtime.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
