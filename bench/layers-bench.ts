// Issue #6 benchmark: the full diagnosis with every layer (DNS, portal, proxy, TLS, quality) in the
// lab's worst scenarios, against the same steps run one after another. Run as root after
// `npm run build`:  node --import tsx bench/layers-bench.ts [runs]
import { createLab, labSkipReason } from '../test/lab/fixture/lab.js';
import type { Fault, Lab } from '../test/lab/fixture/lab.js';
import {
  LAB_DNS_NAMES,
  LAB_PORTAL_URL,
  LAB_PUBLIC_RESOLVERS,
  LAB_TLS_HOST,
  LAB_TLS_NAME,
} from '../test/lab/fixture/lab-layers.js';
import { REPO_ROOT } from '../test/lab/fixture/namespace.js';
import type { LayerSettings } from '../app/probes/layer-types.js';
import type { Endpoint } from '../app/probes/types.js';
import { defaultShapedTargets } from './lab-targets.js';
import { median, ms, worst } from './stats.js';

const runs = Math.max(5, Number(process.argv[2] ?? '5'));
const TIMEOUT_MS = 1000;

const layers: LayerSettings = {
  dnsNames: [...LAB_DNS_NAMES],
  referenceResolvers: [...LAB_PUBLIC_RESOLVERS],
  portalUrls: [LAB_PORTAL_URL],
  tlsTarget: { host: LAB_TLS_HOST, port: 443, family: 4 },
  tlsName: LAB_TLS_NAME,
  proxyEnv: {},
};

async function measure(lab: Lab, name: string, targets: Endpoint[], fault: () => Promise<Fault | null>) {
  const applied = await fault();
  try {
    const result = await lab.node(
      'client',
      [
        '--import',
        'tsx',
        'bench/inside/layers-side-by-side.ts',
        String(runs),
        String(TIMEOUT_MS),
        JSON.stringify(targets),
        JSON.stringify(layers),
      ],
      { cwd: REPO_ROOT, timeoutMs: runs * 60_000 },
    );
    if (result.code !== 0) throw new Error(`${name}: ${result.stderr}`);
    const { together, sequential, verdicts } = JSON.parse(result.stdout) as {
      together: number[];
      sequential: number[];
      verdicts: string[];
    };
    console.log(
      `${name.padEnd(28)} together median ${ms(median(together))} worst ${ms(worst(together))}` +
        `  (≤ ${TIMEOUT_MS + 300} ms)   one after another median ${ms(median(sequential))}` +
        `   ratio ${(median(sequential) / median(together)).toFixed(1)}×   ${verdicts.join(' ')}`,
    );
  } finally {
    await applied?.undo();
  }
}

async function main(): Promise<void> {
  const skip = labSkipReason();
  if (skip !== null) {
    console.log(`skipped: ${skip}`);
    return;
  }
  const lab = await createLab();
  try {
    const targets = defaultShapedTargets(lab);
    console.log(`timeout ${TIMEOUT_MS} ms, ${targets.length} targets, every layer on, ${runs} runs each`);
    await measure(lab, 'healthy', targets, async () => null);
    await measure(lab, 'black hole (worst)', targets, () => lab.blackHole());
    await measure(lab, 'IPv6 broken', targets, () => lab.ipv6Broken());
    await measure(lab, 'port 53 blocked', targets, () => lab.blockPort(53));
  } finally {
    await lab.destroy();
  }
}

await main();
