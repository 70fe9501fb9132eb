// The process entry: builds the real environment and hands over to runCli. Nothing else lives here.
import { runCli } from './run.js';

const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
  // A second Ctrl-C means "now", even if a probe is slow to notice the first.
  process.once('SIGINT', () => process.exit(130));
});
// SIGTERM (systemd, docker stop, kill) asks for the same orderly stop: `monitor` saves its history and exits 0.
process.once('SIGTERM', () => interrupt.abort());
// SIGHUP (the terminal closed, the SSH session dropped) too: otherwise Node's default kills `monitor` with
// its outage left open. `on`, not `once`: a hangup often comes twice (kernel and shell), and the second
// must not cut the history save short.
process.on('SIGHUP', () => interrupt.abort());
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // Once stopping, saving the history matters more than any line about it: a terminal that hung up
    // (EIO) or a reader that left must not end the process before the outage is closed.
    if (interrupt.signal.aborted) return;
    // A closed pipe (`internet-conn check | head -1`) is the reader's choice, not a crash.
    if (error.code === 'EPIPE') process.exit(0);
    // The terminal is gone and its SIGHUP may still be on the way: stop as it would ask.
    else if (error.code === 'EIO') interrupt.abort();
    else process.exit(70);
  });
}

async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    platform: process.platform,
    signal: interrupt.signal,
  });
  // Exit once the output is flushed: a lingering socket must not keep a one-shot check alive.
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

// The bundle is CommonJS (Node starts it ~25 ms faster than an ES module), so no top-level await.
void main();
