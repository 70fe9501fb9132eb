// Runs inside the lab's client namespace: whole-process wall time of `check --fast` against
// `node -e 0` and `nc -z` to the same target, interleaved, each spawned directly (no shell).
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const [runsText, cliPath, host, port] = process.argv.slice(2);
const runs = Number(runsText);
const commands = {
  check: [process.execPath, [cliPath, 'check', '--fast', '--target', `${host}:${port}`]],
  node: [process.execPath, ['-e', '0']],
  nc: ['nc', ['-z', '-w', '3', host, port]],
};

function time([file, args]) {
  const started = performance.now();
  const result = spawnSync(file, args, { stdio: 'ignore' });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${result.status}`);
  return elapsed;
}

for (const command of Object.values(commands)) time(command);
const samples = { check: [], node: [], nc: [] };
for (let i = 0; i < runs; i++) {
  for (const [name, command] of Object.entries(commands)) samples[name].push(time(command));
}
process.stdout.write(JSON.stringify(samples));
