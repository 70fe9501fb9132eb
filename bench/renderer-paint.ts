// Status-window paint speed with a 30-day history of 5-second checks, shaped as the API returns it
// (real chooseBucketMs ⇒ 240 three-hour buckets, a flaky month's timeline and outages).
// Measures, in Chromium, the app's own performance marks:
//   first meaningful paint: navigation start → `ic-ready` (status card and chart drawn), opened on 30 days
//   range switch: click "30 days" → `ic-range-switch` measure (fetch, render, next frame)
// Run: node --import tsx bench/renderer-paint.ts [runs] [--baseline <dir>]   (loopback only; targets ≤ 300 ms each)
//   --baseline <dir>: a copy of an older dist/renderer; every run measures it and this build one after
//   the other (alternating which goes first), so both are compared under the same machine load.
import type { HistoryRange, HistoryView } from '../app/api/contract.js';
import type { Browser } from 'playwright-core';
import { ensureRendererBuilt, launchChromium, openApp, waitForMark } from '../test/browser/harness.js';
import { recordedSnapshot, RECORDED_SETTINGS } from '../test/fixtures/renderer-data.js';
import { flakyMonth, generateHistoryView } from '../test/fixtures/renderer-history.js';
import { startRendererTestServer } from '../test/helpers/renderer-test-server.js';
import { median, ms, worst } from './stats.js';

const args = process.argv.slice(2);
const baselineAt = args.indexOf('--baseline');
const baselineRoot = baselineAt >= 0 ? args[baselineAt + 1] : undefined;
if (baselineAt >= 0 && baselineRoot === undefined) throw new Error('--baseline needs a directory');
const positional = args.filter(
  (_arg, index) => baselineAt < 0 || (index !== baselineAt && index !== baselineAt + 1),
);
const runs = Math.max(10, Number(positional[0] ?? '15'));
const TARGET_MS = 300;

interface Samples {
  readonly phases: Record<string, number[]>;
  readonly paint: number[];
  readonly paint24h: number[];
  readonly switches: number[];
}

function samples(): Samples {
  return {
    phases: {
      'html received': [],
      'script run (DOMContentLoaded)': [],
      'API answers in': [],
      'DOM rendered': [],
    },
    paint: [],
    paint24h: [],
    switches: [],
  };
}

/** One 30-day open (phases and first paint), one 24-hour open and its switch to 30 days. */
async function measureOnce(browser: Browser, appUrl: string, into: Samples): Promise<void> {
  // Request interception is off: it sends every request through Playwright and would be measured too.
  // The page's CSP (connect-src 'self') and the Chromium flags still keep everything on our server.
  const options = { guardRequests: false } as const;
  const opened = await openApp(browser, `${appUrl}&range=30d`, options);
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
  into.phases['html received']?.push(timings.html);
  into.phases['script run (DOMContentLoaded)']?.push(timings.dcl);
  into.phases['API answers in']?.push(timings.data);
  into.phases['DOM rendered']?.push(timings.rendered);
  into.paint.push(timings.ready);
  await opened.close();

  const app = await openApp(browser, appUrl, options);
  into.paint24h.push(
    await app.page.evaluate(() => performance.getEntriesByName('ic-ready')[0]?.startTime ?? NaN),
  );
  await app.page.getByRole('radio', { name: '30 days' }).check();
  await waitForMark(app.page, 'ic-range-switch');
  into.switches.push(
    await app.page.evaluate(() => performance.getEntriesByName('ic-range-switch')[0]?.duration ?? NaN),
  );
  await app.close();
}

function report(title: string, measured: Samples): void {
  const verdict = (values: number[]): string => (median(values) <= TARGET_MS ? 'ok' : 'OVER TARGET');
  console.log(title);
  for (const [phase, values] of Object.entries(measured.phases))
    console.log(`  30 d load, ${phase}: median ${ms(median(values))}`);
  const { paint, paint24h, switches } = measured;
  console.log(
    `first meaningful paint, 30 d: median ${ms(median(paint))}, worst ${ms(worst(paint))} (${verdict(paint)})`,
  );
  console.log(
    `first meaningful paint, 24 h: median ${ms(median(paint24h))}, worst ${ms(worst(paint24h))} (${verdict(paint24h)})`,
  );
  console.log(
    `range switch 24 h → 30 d:    median ${ms(median(switches))}, worst ${ms(worst(switches))} (${verdict(switches)})`,
  );
}

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
  const baseline =
    baselineRoot === undefined
      ? null
      : await startRendererTestServer(
          { snapshot: recordedSnapshot('limited', now), history, settings: RECORDED_SETTINGS },
          { root: baselineRoot },
        );
  const browser = await launchChromium();
  const current = samples();
  const old = samples();
  try {
    // One warm-up of each so Chromium's first-run costs (fonts, code cache) are not in the numbers.
    const warmUp = { guardRequests: false } as const;
    await (await openApp(browser, `${server.appUrl}&range=30d`, warmUp)).close();
    if (baseline !== null) await (await openApp(browser, `${baseline.appUrl}&range=30d`, warmUp)).close();
    for (let run = 0; run < runs; run += 1) {
      if (baseline === null) {
        await measureOnce(browser, server.appUrl, current);
        continue;
      }
      // Alternate which build goes first, so neither always meets the other's after-effects.
      const order = run % 2 === 0 ? [baseline, server] : [server, baseline];
      for (const which of order) await measureOnce(browser, which.appUrl, which === server ? current : old);
    }
  } finally {
    await browser.close();
    await server.close();
    await baseline?.close();
  }
  console.log(
    `30-day view: ${month.series.points.length} buckets of ${month.series.bucketMs / 3_600_000} h, ` +
      `${month.uptime.checks} checks, ${month.timeline.length} timeline segments, ${month.outages.length} outages, ` +
      `${JSON.stringify(month).length} bytes of JSON`,
  );
  console.log(`runs: ${runs}${baseline === null ? '' : ' of each build, alternated'}`);
  if (baseline !== null) report(`baseline (${baselineRoot}):`, old);
  report(baseline === null ? 'this build:' : 'this build (dist/renderer):', current);
  const { paint, switches } = current;
  if (median(paint) > TARGET_MS || median(switches) > TARGET_MS) process.exitCode = 1;
}

await main();
