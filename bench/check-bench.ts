// Issue #2 benchmark: the base check's speed in the lab with an emulated ≈ 40 ms RTT uplink.
// Run as root after `npm run build`:  node --import tsx bench/check-bench.ts [runs]
// Every packet stays inside the lab's own namespaces.
import { createLab, delaySkipReason } from '../test/lab/fixture/lab.js';
import type { Lab } from '../test/lab/fixture/lab.js';
import { CLI_BIN, REPO_ROOT } from '../test/lab/fixture/namespace.js';
import { defaultShapedTargets } from './lab-targets.js';
import { median, ms, worst } from './stats.js';

const runs = Math.max(10, Number(process.argv[2] ?? '15'));
const ONE_WAY_DELAY_MS = 20;

async function inside<T>(lab: Lab, args: readonly string[], timeoutMs: number): Promise<T> {
  const result = await lab.node('client', args, { cwd: REPO_ROOT, timeoutMs });
  if (result.code !== 0) throw new Error(`${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

async function main(): Promise<void> {
  const skip = delaySkipReason();
  if (skip !== null) {
    console.log(`skipped: ${skip}`);
    return;
  }
  const lab = await createLab();
  try {
    const targets = defaultShapedTargets(lab);
    const v4a = targets[0]?.host ?? '';
    await lab.setDelay(ONE_WAY_DELAY_MS);
    console.log(
      `lab: ${targets.length} targets, delay line ${ONE_WAY_DELAY_MS} ms each way, ${runs} runs each`,
    );

    const online = await inside<{ bare: number[]; ours: number[] }>(
      lab,
      ['--import', 'tsx', 'bench/inside/online-verdict.ts', String(runs), JSON.stringify(targets)],
      120_000,
    );
    const bareMedian = median(online.bare);
    const oursMedian = median(online.ours);
    console.log('\n1. in-process time to an online verdict (check --fast) vs one bare TCP connect');
    console.log(`   bare connect      median ${ms(bareMedian)}  worst ${ms(worst(online.bare))}`);
    console.log(`   runCheck fast     median ${ms(oursMedian)}  worst ${ms(worst(online.ours))}`);
    console.log(`   overhead          median ${ms(oursMedian - bareMedian)}  (target ≤ +5 ms)`);

    const startup = await inside<{ check: number[]; node: number[]; nc: number[] }>(
      lab,
      ['bench/inside/process-startup.mjs', String(runs), CLI_BIN, v4a, '443'],
      120_000,
    );
    const baseline = median(startup.node) + median(startup.nc);
    console.log('\n2. whole process: `check --fast` vs `node -e 0` + `nc -z` to the same target');
    console.log(`   node -e 0         median ${ms(median(startup.node))}`);
    console.log(`   nc -z             median ${ms(median(startup.nc))}`);
    console.log(
      `   check --fast      median ${ms(median(startup.check))}  worst ${ms(worst(startup.check))}`,
    );
    console.log(`   over node + nc    ${ms(median(startup.check) - baseline)}  (target ≤ 20 ms)`);

    await lab.setDelay(0);
    const fault = await lab.blackHole();
    console.log('\n3. full diagnosis with the router dropping everything (black hole) vs the timeout');
    for (const timeoutMs of [1000, 3000]) {
      const blackHole = await inside<{ elapsed: number[]; statuses: string[] }>(
        lab,
        ['--import', 'tsx', 'bench/inside/black-hole.ts', '10', String(timeoutMs), JSON.stringify(targets)],
        20 * timeoutMs + 30_000,
      );
      console.log(
        `   timeout ${timeoutMs} ms   median ${ms(median(blackHole.elapsed))}  worst ${ms(worst(blackHole.elapsed))}` +
          `  over timeout ${ms(median(blackHole.elapsed) - timeoutMs)} (target ≤ 300 ms)  verdicts ${blackHole.statuses.join(' ')}`,
      );
    }
    await fault.undo();
  } finally {
    await lab.destroy();
  }
}

await main();
