// One bundled file per entry point: the CLI starts in a few milliseconds because Node
// parses one file instead of resolving dozens of modules.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'app/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  external: ['better-sqlite3', 'prom-client', 'electron'],
});
