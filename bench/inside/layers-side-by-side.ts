// Runs inside the lab's client namespace: the full diagnosis (every probe at once) against the same
// steps run one after another — each target, the gateway, then each layer — in the current scenario.
import { runCheck } from '../../app/check.js';
import { checkGateways } from '../../app/probes/gateway.js';
import { LAYER_PROBES } from '../../app/probes/layers.js';
import type { LayerSettings } from '../../app/probes/layer-types.js';
import { createLocalConfigReader } from '../../app/probes/local/index.js';
import { probeTcp } from '../../app/probes/tcp.js';
import type { Endpoint } from '../../app/probes/types.js';

const runs = Number(process.argv[2] ?? '5');
const timeoutMs = Number(process.argv[3] ?? '1000');
const targets: Endpoint[] = JSON.parse(process.argv[4] ?? '[]');
const layers: LayerSettings = JSON.parse(process.argv[5] ?? '{}');

async function oneAfterAnother(): Promise<number> {
  const started = performance.now();
  const reader = createLocalConfigReader();
  const local = await reader.read();
  const signal = new AbortController().signal;
  for (const target of targets) await probeTcp(target, { timeoutMs });
  await checkGateways(local.defaultRoutes, reader, { timeoutMs });
  for (const probe of LAYER_PROBES) await probe({ settings: layers, local, timeoutMs, signal, targets });
  return performance.now() - started;
}

const together: number[] = [];
const sequential: number[] = [];
const verdicts = new Set<string>();
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const report = await runCheck({ targets, timeoutMs, fast: false, layers });
  together.push(performance.now() - started);
  verdicts.add(`${report.status}:${report.causes.map((cause) => cause.code).join(',')}`);
  sequential.push(await oneAfterAnother());
}
process.stdout.write(JSON.stringify({ together, sequential, verdicts: [...verdicts] }));
