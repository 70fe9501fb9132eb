// Shared plumbing for the renderer's browser tests and benchmark: build the renderer when stale, launch
// Debian's Chromium with nothing phoning home, and open the app at any base URL (the recorded test
// server today, the real `internet-conn serve` in the lab later).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
const BUILT_INDEX = join(ROOT, 'dist/renderer/index.html');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium contacts Google on start; it must reach only our server.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/** Builds dist/renderer when it is missing or older than renderer/ or app/api/. */
export async function ensureRendererBuilt(): Promise<void> {
  const sources = Math.max(newestMtime(join(ROOT, 'renderer')), newestMtime(join(ROOT, 'app/api')));
  if (existsSync(BUILT_INDEX) && statSync(BUILT_INDEX).mtimeMs >= sources) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'renderer/vite.config.ts'), logLevel: 'warn' });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface OpenOptions {
  readonly viewport?: { width: number; height: number };
  readonly colorScheme?: 'light' | 'dark';
  readonly clipboard?: boolean;
  /** Runs in the page before the app, e.g. to make the async clipboard refuse. */
  readonly initScript?: string;
  /**
   * Abort (and record) every request to another origin. On by default; the benchmark turns it off
   * because interception adds a round trip through Playwright to every request. The page's CSP and the
   * Chromium flags above still keep it on our server.
   */
  readonly guardRequests?: boolean;
  /**
   * Install Playwright's clock once the app is ready (before, it would hold back the animation frame
   * the app waits for), so a test can jump the page's time ahead: Date.now and timers armed from then on.
   */
  readonly clock?: boolean;
}

export interface OpenedApp {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Sum of layout-shift values not caused by input (CLS as Chromium reports it). */
  layoutShift(): Promise<number>;
  cspViolations(): Promise<string[]>;
  /** Every request the page made that was not to `origin` (blocked, and a test failure). */
  readonly foreignRequests: string[];
  close(): Promise<void>;
}

const OBSERVERS = `
  window.__layoutShift = 0;
  window.__csp = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__csp.push(event.violatedDirective + ' ' + (event.blockedURI || event.sample));
  });
`;

/** Opens `appUrl` (page URL with `#token=…`) and waits until the app marks itself ready. */
export async function openApp(
  browser: Browser,
  appUrl: string,
  options: OpenOptions = {},
): Promise<OpenedApp> {
  const origin = new URL(appUrl).origin;
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1100, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: 'reduce',
    acceptDownloads: true,
  });
  if (options.clipboard === true)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const foreignRequests: string[] = [];
  if (options.guardRequests !== false)
    await context.route(
      (url) => url.origin !== origin && url.protocol !== 'blob:' && url.protocol !== 'data:',
      (route) => {
        foreignRequests.push(route.request().url());
        return route.abort();
      },
    );
  await context.addInitScript(OBSERVERS);
  if (options.initScript !== undefined) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  await page.goto(appUrl);
  await waitForMark(page, 'ic-ready');
  if (options.clock === true) await page.clock.install();
  return {
    context,
    page,
    foreignRequests,
    layoutShift: () => page.evaluate(() => (window as unknown as { __layoutShift: number }).__layoutShift),
    cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    close: () => context.close(),
  };
}

export async function waitForMark(page: Page, name: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, name, { timeout });
}

export interface AccessibleNode {
  readonly role: string;
  readonly name: string;
}

/** Chromium's own accessible role and name (CDP Accessibility domain) of every element matching `selector`. */
export async function accessibleNodes(page: Page, selector: string): Promise<AccessibleNode[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
    const nodes: AccessibleNode[] = [];
    for (const nodeId of nodeIds) {
      const { nodes: ax } = await cdp.send('Accessibility.getPartialAXTree', {
        nodeId,
        fetchRelatives: false,
      });
      const node = ax[0];
      nodes.push({ role: String(node?.role?.value ?? ''), name: String(node?.name?.value ?? '').trim() });
    }
    return nodes;
  } finally {
    await cdp.detach();
  }
}

/** The focused element's accessible role and name; role `RootWebArea`/empty when focus left the page's controls. */
export async function focusedNode(page: Page): Promise<AccessibleNode> {
  const marked = await page.evaluate(() => {
    document.querySelector('[data-focus-probe]')?.removeAttribute('data-focus-probe');
    const active = document.activeElement;
    if (active === null || active === document.body) return false;
    active.setAttribute('data-focus-probe', '');
    return true;
  });
  if (!marked) return { role: 'none', name: '' };
  const [node] = await accessibleNodes(page, '[data-focus-probe]');
  return node ?? { role: 'none', name: '' };
}

/** Polls a condition of the test process's own state (requests the test server saw, …). */
export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((done) => setTimeout(done, 20));
  }
}
