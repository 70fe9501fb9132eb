/**
 * `app://internet-conn/` serves the built status window (dist/renderer) and nothing else. The scheme is
 * registered as privileged before the app is ready (Electron requires it then) so the page has a real,
 * secure origin; see app/electron-policy/app-origin.ts for why not `file://`.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appRequestPath } from '../app/electron-policy/app-origin.js';
import { CONTENT_SECURITY_POLICY } from '../app/serve/security.js';
import { contentTypeOf, lookupStatic } from '../app/serve/static-files.js';

/** Call before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Call once `app` is ready. Only GET; only files inside `rendererDir` (traversal and symlinks refused). */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const relative = appRequestPath(request.url);
    if (relative === null) return plain(403, 'forbidden');
    const found = await lookupStatic(rendererDir, `/${relative}`);
    switch (found.kind) {
      case 'file':
        return new Response(request.method === 'HEAD' ? null : await readFile(found.path), {
          status: 200,
          headers: { 'Content-Type': contentTypeOf(found.path), ...PAGE_HEADERS },
        });
      case 'forbidden':
        return plain(403, 'forbidden');
      case 'not-found':
        return plain(404, 'not found');
      case 'no-build':
        return plain(
          503,
          `the status window is not built: no index.html in ${rendererDir} (run npm run build)`,
        );
    }
  });
}

// The page's own <meta> CSP already says this; the header also covers frame-ancestors, which meta cannot.
const PAGE_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
} as const;

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...PAGE_HEADERS },
  });
}
