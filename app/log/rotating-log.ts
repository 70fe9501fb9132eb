/**
 * A size-capped, rotating text log for the tray app: `app.log`, then `app.log.1` (older) … up to
 * `maxFiles` files in all, none larger than `maxBytes`. With the defaults the log never takes more than
 * 3 MiB, which at ~120 bytes a line is about 26 000 lines: weeks of status changes and probe failures.
 *
 * Lines are appended in call order through one queue, so concurrent callers never interleave or race a
 * rotation. A failed write rejects that call only; the queue carries on.
 */
import { appendFile, rename, rm, stat } from 'node:fs/promises';

export const DEFAULT_LOG_MAX_BYTES = 1024 * 1024;
export const DEFAULT_LOG_MAX_FILES = 3;
/** Smaller than this and a single ordinary line could not fit in a file. */
export const MIN_LOG_MAX_BYTES = 256;

export interface RotatingLogOptions {
  readonly path: string;
  readonly maxBytes?: number;
  readonly maxFiles?: number;
}

export interface RotatingLog {
  /** Appends each line plus a newline, rotating first whenever the next line would pass the cap. */
  append(lines: readonly string[]): Promise<void>;
  /** Resolves once everything appended so far is on disk. */
  flush(): Promise<void>;
}

export async function openRotatingLog(options: RotatingLogOptions): Promise<RotatingLog> {
  const maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  const maxFiles = options.maxFiles ?? DEFAULT_LOG_MAX_FILES;
  if (!Number.isInteger(maxBytes) || maxBytes < MIN_LOG_MAX_BYTES) {
    throw new Error(
      `log maxBytes must be an integer of at least ${MIN_LOG_MAX_BYTES}, got ${String(maxBytes)}`,
    );
  }
  if (!Number.isInteger(maxFiles) || maxFiles < 1) {
    throw new Error(`log maxFiles must be an integer of at least 1, got ${String(maxFiles)}`);
  }
  const { path } = options;
  let size = await currentSize(path);
  let queue: Promise<void> = Promise.resolve();

  async function rotate(): Promise<void> {
    await rm(numbered(path, maxFiles - 1), { force: true });
    for (let index = maxFiles - 1; index >= 1; index -= 1) {
      await renameIfPresent(numbered(path, index - 1), numbered(path, index));
    }
    size = 0;
  }

  async function write(lines: readonly string[]): Promise<void> {
    let pending = '';
    for (const line of lines) {
      const text = `${fitLine(line, maxBytes - 1)}\n`;
      const bytes = Buffer.byteLength(text);
      if (size + Buffer.byteLength(pending) + bytes > maxBytes) {
        if (pending !== '') await appendFile(path, pending);
        pending = '';
        await rotate();
      }
      pending += text;
    }
    if (pending === '') return;
    await appendFile(path, pending);
    size += Buffer.byteLength(pending);
  }

  return {
    append(lines) {
      const run = queue.then(() => write(lines));
      queue = run.catch(() => undefined);
      return run;
    },
    flush: () => queue,
  };
}

/** `app.log` for 0, `app.log.1`, `app.log.2` … for older files. */
export function numbered(path: string, index: number): string {
  return index === 0 ? path : `${path}.${index}`;
}

async function currentSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** A line longer than a whole file (a huge error message) is cut, never split across files. Newlines
 * inside a line would forge extra lines, so they become spaces. */
function fitLine(line: string, maxBytes: number): string {
  const flat = line.replace(/[\r\n]+/g, ' ');
  if (Buffer.byteLength(flat) <= maxBytes) return flat;
  let cut = '';
  for (const char of flat) {
    if (Buffer.byteLength(cut + char) > maxBytes - 3) break;
    cut += char;
  }
  return `${cut}...`;
}
