// The status window, built once into dist/renderer/ and loaded by both the Electron window and `serve`.
// Build: npx vite build --config renderer/vite.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: Electron loads the page from file:// and `serve` from /, both must work.
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The CSP forbids inline scripts; the preload polyfill is only needed by browsers we do not ship to.
    modulePreload: { polyfill: false },
    // Never turn assets into data: URLs inside CSS or JS; keep every file a plain 'self' resource.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
