/**
 * Where the built status window is: `dist/renderer/` of the installed package. The CLI runs as
 * `bin/internet-conn.cjs` (requiring `dist/cli.cjs`), so the package root is found from the script
 * Node was started with, symlinks resolved (npm links `bin` entries).
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function defaultRendererDir(entry: string | undefined = process.argv[1]): string {
  const candidates: string[] = [];
  if (entry !== undefined) {
    let script = entry;
    try {
      script = realpathSync(entry);
    } catch {
      // A script path that cannot be resolved still names a likely directory.
    }
    const here = dirname(script);
    candidates.push(join(here, '..', 'dist', 'renderer'), join(here, 'renderer'));
  }
  candidates.push(join(process.cwd(), 'dist', 'renderer'));
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0] ?? 'dist/renderer';
}
