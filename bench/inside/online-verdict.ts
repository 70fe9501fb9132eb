// Runs inside the lab's client namespace: the time to an `online` verdict from runCheck(fast) against
// a bare TCP connect to the first target, alternated so both see the same network conditions.
import net from 'node:net';
import { runCheck } from '../../app/check.js';
import type { Endpoint } from '../../app/probes/types.js';
import { median } from '../stats.js';

const runs = Number(process.argv[2] ?? '15');
const targets: Endpoint[] = JSON.parse(process.argv[3] ?? '[]');
const first: Endpoint = targets[0] ?? { host: '', port: 0, family: 4 };
if (first.port === 0) throw new Error('usage: online-verdict.ts RUNS TARGETS_JSON');

function bareConnect(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect({ host: first.host, port: first.port });
    socket.once('connect', () => {
      const elapsed = performance.now() - started;
      socket.destroy();
      resolve(elapsed);
    });
    socket.once('error', reject);
  });
}

async function verdict(): Promise<number> {
  const started = performance.now();
  const report = await runCheck({ targets, timeoutMs: 3000, fast: true });
  if (report.status !== 'online') throw new Error(`expected online, got ${report.status}`);
  return performance.now() - started;
}

// One warm-up of each so module loading and the first-socket cost are not measured.
await bareConnect();
await verdict();
const bare: number[] = [];
const ours: number[] = [];
for (let i = 0; i < runs; i++) {
  bare.push(await bareConnect());
  ours.push(await verdict());
}
process.stdout.write(JSON.stringify({ bare, ours, bareMedian: median(bare), oursMedian: median(ours) }));
