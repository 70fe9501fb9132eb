// Regenerates docs/screenshots/ from the recorded fixtures (not a test: the images are committed by hand).
//   node --import tsx test/browser/take-screenshots.ts
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MonitorStatus } from '../../app/monitor/events.js';
import { recordedHistory, recordedSnapshot, RECORDED_SETTINGS } from '../fixtures/renderer-data.js';
import { startRendererTestServer } from '../helpers/renderer-test-server.js';
import { ensureRendererBuilt, launchChromium, openApp } from './harness.js';

const OUT = resolve(import.meta.dirname, '../../docs/screenshots');
mkdirSync(OUT, { recursive: true });
await ensureRendererBuilt();
const now = Date.now();
const server = await startRendererTestServer({
  snapshot: recordedSnapshot('online', now),
  history: recordedHistory(now),
  settings: RECORDED_SETTINGS,
});
const browser = await launchChromium();
try {
  const shots: {
    status: MonitorStatus;
    scheme: 'light' | 'dark';
    width: number;
    height: number;
    name: string;
  }[] = [];
  for (const status of ['online', 'limited', 'offline'] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      shots.push({ status, scheme, width: 1100, height: 860, name: `status-${status}-${scheme}.png` });
    }
  }
  shots.push({
    status: 'offline',
    scheme: 'light',
    width: 360,
    height: 480,
    name: 'window-360x480-light.png',
  });
  shots.push({ status: 'limited', scheme: 'dark', width: 360, height: 480, name: 'window-360x480-dark.png' });
  for (const shot of shots) {
    server.state.snapshot = recordedSnapshot(shot.status, Date.now());
    const app = await openApp(browser, server.appUrl, {
      colorScheme: shot.scheme,
      viewport: { width: shot.width, height: shot.height },
    });
    await app.page.screenshot({ path: join(OUT, shot.name), animations: 'disabled' });
    await app.close();
    console.log(join('docs/screenshots', shot.name));
  }
} finally {
  await browser.close();
  await server.close();
}
