/**
 * The built status window (dist/renderer/, from `vite build`) as static files. A request path can only
 * ever name a file inside that directory: `..`, encoded slashes, NUL and symlinks leading out are all
 * refused, and the final path is checked against the root after resolving. Without a build, every page
 * is a 503 that says how to make one, so a missing build is never mistaken for a broken server.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export type StaticLookup =
  | { readonly kind: 'file'; readonly path: string; readonly size: number }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'no-build' };

/** Maps a URL path (still percent-encoded, without the query) to a file under `root`. */
export async function lookupStatic(root: string, urlPath: string): Promise<StaticLookup> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
    await stat(join(realRoot, 'index.html'));
  } catch {
    return { kind: 'no-build' };
  }
  const relative = safeRelativePath(urlPath);
  if (relative === null) return { kind: 'forbidden' };
  const candidate = resolve(realRoot, relative === '' ? 'index.html' : relative);
  if (!inside(realRoot, candidate)) return { kind: 'forbidden' };
  try {
    // A symlink inside the build must not lead out of it.
    const real = await realpath(candidate);
    if (!inside(realRoot, real)) return { kind: 'forbidden' };
    const info = await stat(real);
    if (!info.isFile()) return { kind: 'not-found' };
    return { kind: 'file', path: real, size: info.size };
  } catch {
    return { kind: 'not-found' };
  }
}

/**
 * The path relative to the root, or null when it tries to leave it. Decoded once: `%2e%2e/` is `../` and
 * is refused like it; `%2f` and `\` are refused outright, since no file of ours has either in its name.
 */
export function safeRelativePath(urlPath: string): string | null {
  if (/%2f|%5c/i.test(urlPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..')) return null;
  return segments.join('/');
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Streams the file; hashed assets are cached for a year, the page itself is always revalidated. */
export function sendFile(response: ServerResponse, path: string, size: number, headOnly: boolean): void {
  response.statusCode = 200;
  response.setHeader('Content-Type', contentTypeOf(path));
  response.setHeader('Content-Length', size);
  response.setHeader(
    'Cache-Control',
    path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
  if (headOnly) {
    response.end();
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}

/** What a browser shows when the renderer was never built: the cause and the one command that fixes it. */
export function noBuildPage(root: string): string {
  const escaped = root.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>internet-conn: status page not built</title></head>',
    '<body>',
    '<h1>The status page is not built</h1>',
    `<p>internet-conn is running and monitoring, but there is no status page in <code>${escaped}</code>.</p>`,
    '<p>Build it with <code>npx vite build --config renderer/vite.config.ts</code> and reload this page.',
    'The JSON API under <code>/api/</code> and the metrics at <code>/metrics</code> work meanwhile.</p>',
    '</body></html>',
    '',
  ].join('\n');
}
