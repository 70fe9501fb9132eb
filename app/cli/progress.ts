import type { CliStream } from './terminal.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 80;
const CLEAR_LINE = '\r\x1b[2K';

/** Progress on stderr while probes are out; `--verbose` lines go through it so they never tear the spinner. */
export interface Progress {
  update(done: number, total: number): void;
  log(line: string): void;
  stop(): void;
}

/** A spinner when `animate` (a TTY with colour allowed); otherwise nothing but the log lines. */
export function createProgress(stream: CliStream, animate: boolean): Progress {
  if (!animate) {
    return { update: () => undefined, log: (line) => void stream.write(`${line}\n`), stop: () => undefined };
  }
  let frame = 0;
  let text = 'checking';
  let stopped = false;
  const draw = (): void => {
    stream.write(`${CLEAR_LINE}${FRAMES[frame % FRAMES.length] ?? ''} ${text}…`);
    frame += 1;
  };
  draw();
  const timer = setInterval(draw, FRAME_MS);
  // A forgotten spinner must never be what keeps the process alive.
  timer.unref();
  return {
    update(done, total) {
      text = `checking: ${done} of ${total} probes done`;
      if (!stopped) draw();
    },
    log(line) {
      stream.write(`${CLEAR_LINE}${line}\n`);
      if (!stopped) draw();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stream.write(CLEAR_LINE);
    },
  };
}
