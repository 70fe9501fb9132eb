// Bundled CommonJS: Node parses one file instead of resolving dozens of modules, and its CommonJS
// loader starts about 25 ms sooner than its ES module loader. The entry holds only `check`; every
// other command is its own bundle, required the first time it is named.
import { build } from 'esbuild';
import { build as buildRenderer } from 'vite';
import { buildMain } from './build-main.mjs';

const LAZY_COMMANDS = ['monitor-command', 'history-command', 'export-command', 'serve-command'];

/** Keeps `import('./monitor-command.js')` in the entry as a require of the separate bundle. */
const lazyCommands = {
  name: 'lazy-commands',
  setup(context) {
    const pattern = new RegExp(`^\\./(${LAZY_COMMANDS.join('|')})\\.js$`);
    context.onResolve({ filter: pattern }, (args) =>
      args.importer.endsWith('run.ts') ? { path: args.path.replace(/\.js$/, '.cjs'), external: true } : null,
    );
  },
};

await build({
  entryPoints: {
    cli: 'app/cli/main.ts',
    ...Object.fromEntries(LAZY_COMMANDS.map((name) => [name, `app/cli/${name}.ts`])),
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  sourcemap: true,
  logLevel: 'warning',
  external: ['better-sqlite3', 'prom-client', 'electron'],
  plugins: [lazyCommands],
});

// The status window: the same static files for `serve` and for Electron's window.
await buildRenderer({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });

// The Electron main process and its preload (electron stays external).
await buildMain();
