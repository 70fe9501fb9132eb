// Runs inside a fresh, empty network namespace (`unshare -n`): starts the given serve command, reads the
// URL it prints, asks the API without and with the token, stops it with SIGTERM, and prints one JSON line
// with what it saw. The namespace has only loopback, so the real check it runs reaches nothing at all.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';

interface Outcome {
  url: string | null;
  stderr: string;
  withoutToken: number | null;
  withToken: number | null;
  metricsWithToken: number | null;
  exitCode: number | null;
  signal: string | null;
}

const [argvJson, cwd] = process.argv.slice(2);
const argv = JSON.parse(argvJson ?? '[]') as string[];
execFileSync('ip', ['link', 'set', 'lo', 'up']);

const child = spawn(process.execPath, argv.slice(1), {
  cwd,
  env: process.env,
  stdio: ['ignore', 'pipe', 'pipe'],
});
const outcome: Outcome = {
  url: null,
  stderr: '',
  withoutToken: null,
  withToken: null,
  metricsWithToken: null,
  exitCode: null,
  signal: null,
};
let stdout = '';
child.stderr.on('data', (chunk: Buffer) => (outcome.stderr += chunk.toString()));
const printed = new Promise<string>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no URL printed; stdout: ${stdout}`)), 15_000);
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const match = /status page at (\S+)/.exec(stdout);
    if (match?.[1] !== undefined) {
      clearTimeout(timer);
      resolve(match[1]);
    }
  });
});
const exited = new Promise<void>((resolve) =>
  child.once('exit', (code, signal) => {
    outcome.exitCode = code;
    outcome.signal = signal;
    resolve();
  }),
);

try {
  const url = await printed;
  outcome.url = url;
  const token = new URL(url).hash.replace(/^#token=/, '');
  // The server listens on 0.0.0.0; inside the namespace loopback reaches it.
  const base = 'http://127.0.0.1:8470';
  outcome.withoutToken = (await fetch(`${base}/api/snapshot`)).status;
  outcome.withToken = (
    await fetch(`${base}/api/snapshot`, { headers: { Authorization: `Bearer ${token}` } })
  ).status;
  outcome.metricsWithToken = (await fetch(`${base}/metrics?token=${encodeURIComponent(token)}`)).status;
} finally {
  child.kill('SIGTERM');
  await exited;
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}
