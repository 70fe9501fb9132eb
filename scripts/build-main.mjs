// The Electron main process and its preload, each bundled into one CommonJS file under dist/main/.
// Electron itself is provided at runtime; better-sqlite3 is native and rebuilt for Electron's ABI by
// electron-builder, so it stays a require. The preload runs sandboxed, where `require` knows only
// `electron` and a few Node built-ins: its bundle must need nothing else, and buildMain checks that.
import { build } from 'esbuild';

const COMMON = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  outdir: 'dist/main',
  sourcemap: true,
  logLevel: 'warning',
  // Electron 41 ships Node 24; node22 keeps the output readable for both it and our Node 20 tooling.
  target: 'node22',
};

/** The only modules a sandboxed preload may require. */
const SANDBOX_MODULES = new Set(['electron', 'events', 'timers', 'url']);

/** Builds dist/main/main.cjs and dist/main/preload.cjs. */
export async function buildMain() {
  await build({
    ...COMMON,
    entryPoints: { main: 'main/main.ts' },
    external: ['electron', 'better-sqlite3'],
  });
  const preload = await build({
    ...COMMON,
    entryPoints: { preload: 'main/preload.ts' },
    external: ['electron'],
    metafile: true,
  });
  const outside = Object.values(preload.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((entry) => entry.external && !SANDBOX_MODULES.has(entry.path))
    .map((entry) => entry.path);
  if (outside.length > 0) {
    throw new Error(
      `the sandboxed preload would require ${[...new Set(outside)].join(', ')}; it may only use electron`,
    );
  }
}
