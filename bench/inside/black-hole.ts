// Runs inside the lab's client namespace while the router drops everything: how long the full
// diagnosis takes compared with the configured per-probe timeout.
import { runCheck } from '../../app/check.js';
import type { Endpoint } from '../../app/probes/types.js';

const runs = Number(process.argv[2] ?? '10');
const timeoutMs = Number(process.argv[3] ?? '3000');
const targets: Endpoint[] = JSON.parse(process.argv[4] ?? '[]');

const elapsed: number[] = [];
const statuses = new Set<string>();
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const report = await runCheck({ targets, timeoutMs, fast: false });
  elapsed.push(performance.now() - started);
  statuses.add(`${report.status}:${report.causes.map((cause) => cause.code).join(',')}`);
}
process.stdout.write(JSON.stringify({ elapsed, statuses: [...statuses] }));
