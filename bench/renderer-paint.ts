// Status-window paint speed with a 30-day history of 5-second checks, shaped as the API returns it
// (real chooseBucketMs ⇒ 240 three-hour buckets, a flaky month's timeline and outages).
// Measures, in Chromium, the app's own performance marks:
//   first meaningful paint: navigation start → `ic-ready` (status card and chart drawn), opened on 30 days
//   range switch: click "30 days" → `ic-range-switch` measure (fetch, render, next frame)
// Run: node --import tsx bench/renderer-paint.ts [runs]   (loopback only; targets ≤ 300 ms each)
import type { HistoryRange, HistoryView } from '../app/api/contract.js';
import { ensureRendererBuilt, launchChromium, openApp, waitForMark } from '../test/browser/harness.js';
import { recordedSnapshot, RECORDED_SETTINGS } from '../test/fixtures/renderer-data.js';
import { flakyMonth, generateHistoryView } from '../test/fixtures/renderer-history.js';
import { startRendererTestServer } from '../test/helpers/renderer-test-server.js';
import { median, ms, worst } from './stats.js';

const runs = Math.max(10, Number(process.argv[2] ?? '15'));
const TARGET_MS = 300;

async function main(): Promise<void> {
  await ensureRendererBuilt();
  const now = Date.now();
  const spec = flakyMonth(now, 160);
  const history: Record<HistoryRange, HistoryView> = {
    '24h': generateHistoryView('24h', spec),
    '7d': generateHistoryView('7d', spec),
    '30d': generateHistoryView('30d', spec),
  };
  const month = history['30d'];
  const server = await startRendererTestServer({
    snapshot: recordedSnapshot('limited', now),
    history,
    settings: RECORDED_SETTINGS,
  });
  const browser = await launchChromium();
  const phases: Record<string, number[]> = {
    'html received': [],
    'script run (DOMContentLoaded)': [],
    'API answers in': [],
    'DOM rendered': [],
  };
  const paint: number[] = [];
  const paint24h: number[] = [];
  const switches: number[] = [];
  try {
    // One warm-up of each so Chromium's first-run costs (fonts, code cache) are not in the numbers.
    // Request interception is off: it sends every request through Playwright and would be measured too.
    // The page's CSP (connect-src 'self') and the Chromium flags still keep everything on our server.
    const options = { guardRequests: false } as const;
    await (await openApp(browser, `${server.appUrl}&range=30d`, options)).close();
    for (let run = 0; run < runs; run += 1) {
      const opened = await openApp(browser, `${server.appUrl}&range=30d`, options);
      const timings = await opened.page.evaluate(() => {
        // No helper functions in here: tsx would wrap them in a __name() the page does not have.
        const marks = ['ic-data', 'ic-rendered', 'ic-ready'].map(
          (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN,
        );
        const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return {
          html: navigation.responseEnd,
          dcl: navigation.domContentLoadedEventEnd,
          data: marks[0] ?? NaN,
          rendered: marks[1] ?? NaN,
          ready: marks[2] ?? NaN,
        };
      });
      phases['html received']?.push(timings.html);
      phases['script run (DOMContentLoaded)']?.push(timings.dcl);
      phases['API answers in']?.push(timings.data);
      phases['DOM rendered']?.push(timings.rendered);
      paint.push(timings.ready);
      await opened.close();

      const app = await openApp(browser, server.appUrl, options);
      paint24h.push(
        await app.page.evaluate(() => performance.getEntriesByName('ic-ready')[0]?.startTime ?? NaN),
      );
      await app.page.getByRole('radio', { name: '30 days' }).check();
      await waitForMark(app.page, 'ic-range-switch');
      switches.push(
        await app.page.evaluate(() => performance.getEntriesByName('ic-range-switch')[0]?.duration ?? NaN),
      );
      await app.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const verdict = (values: number[]): string => (median(values) <= TARGET_MS ? 'ok' : 'OVER TARGET');
  console.log(
    `30-day view: ${month.series.points.length} buckets of ${month.series.bucketMs / 3_600_000} h, ` +
      `${month.uptime.checks} checks, ${month.timeline.length} timeline segments, ${month.outages.length} outages, ` +
      `${JSON.stringify(month).length} bytes of JSON`,
  );
  console.log(`runs: ${runs}`);
  for (const [phase, values] of Object.entries(phases))
    console.log(`  30 d load, ${phase}: median ${ms(median(values))}`);
  console.log(
    `first meaningful paint, 30 d: median ${ms(median(paint))}, worst ${ms(worst(paint))} (${verdict(paint)})`,
  );
  console.log(
    `first meaningful paint, 24 h: median ${ms(median(paint24h))}, worst ${ms(worst(paint24h))} (${verdict(paint24h)})`,
  );
  console.log(
    `range switch 24 h → 30 d:    median ${ms(median(switches))}, worst ${ms(worst(switches))} (${verdict(switches)})`,
  );
  if (median(paint) > TARGET_MS || median(switches) > TARGET_MS) process.exitCode = 1;
}

await main();
