// The status strip. Offline and limited differ by height and pattern as well as colour (CSS), so the
// strip reads in greyscale too; the text alternative counts them.
import type { HistoryView, TimelineSegment } from '../../../app/api/contract.js';
import type { TimeWindow } from '../../../app/history/types.js';
import { h, replaceChildren } from '../dom.js';
import { formatDateTime, formatDuration } from '../format.js';

export interface Timeline {
  readonly element: HTMLElement;
  render(view: HistoryView): void;
}

function describe(segments: readonly TimelineSegment[]): string {
  const total = (status: TimelineSegment['status']): { count: number; ms: number } =>
    segments
      .filter((segment) => segment.status === status)
      .reduce((sum, segment) => ({ count: sum.count + 1, ms: sum.ms + (segment.end - segment.start) }), {
        count: 0,
        ms: 0,
      });
  const offline = total('offline');
  const limited = total('limited');
  const parts: string[] = [];
  parts.push(
    offline.count === 0
      ? 'no offline periods'
      : `${offline.count} offline period${offline.count === 1 ? '' : 's'} (${formatDuration(offline.ms)} in total)`,
  );
  parts.push(
    limited.count === 0
      ? 'no limited periods'
      : `${limited.count} limited period${limited.count === 1 ? '' : 's'} (${formatDuration(limited.ms)})`,
  );
  return `Status timeline: ${parts.join(', ')}`;
}

function place(segment: TimelineSegment, window: TimeWindow): HTMLElement | null {
  const span = window.to - window.from;
  const start = Math.max(segment.start, window.from);
  const end = Math.min(segment.end, window.to);
  if (span <= 0 || end <= start) return null;
  const bar = h('div', { class: 'segment', 'data-status': segment.status });
  // CSSOM writes are allowed by the CSP (only style attributes in markup are blocked).
  // Problems keep a minimum width (CSS). The bar is anchored on its nearer edge of the strip so that
  // minimum grows inwards: a 10-second outage that just ended is drawn, not clipped off beyond "now".
  const before = ((start - window.from) / span) * 100;
  const afterEnd = ((window.to - end) / span) * 100;
  if (afterEnd < before) bar.style.right = `${afterEnd}%`;
  else bar.style.left = `${before}%`;
  bar.style.width = `${((end - start) / span) * 100}%`;
  return bar;
}

/**
 * What to draw, bottom first: one online bar under each unbroken monitored stretch, then the limited
 * and offline periods on top of it (taller, so never hidden), with the unmonitored gaps beside. A flaky
 * month alternates online and problems, so drawing online once per stretch halves the elements the
 * first paint has to style and lay out (312 segments → 160 bars).
 */
export function drawOrder(segments: readonly TimelineSegment[]): TimelineSegment[] {
  const byStart = [...segments].sort((a, b) => a.start - b.start);
  const stretches: TimelineSegment[] = [];
  for (const segment of byStart) {
    if (segment.status === 'unknown') continue;
    const last = stretches.at(-1);
    if (last !== undefined && segment.start <= last.end) {
      stretches[stretches.length - 1] = { ...last, end: Math.max(last.end, segment.end) };
    } else stretches.push({ start: segment.start, end: segment.end, status: 'online' });
  }
  const of = (status: TimelineSegment['status']): TimelineSegment[] =>
    byStart.filter((segment) => segment.status === status);
  return [...of('unknown'), ...stretches, ...of('limited'), ...of('offline')];
}

export function createTimeline(): Timeline {
  const strip = h('div', { class: 'timeline-strip' });
  const startLabel = h('span', {});
  const endLabel = h('span', {}, 'now');
  const element = h(
    'div',
    { class: 'timeline' },
    h('div', { class: 'timeline-frame', role: 'img', 'aria-label': 'Status timeline' }, strip),
    h('div', { class: 'timeline-axis', 'aria-hidden': 'true' }, startLabel, endLabel),
    h(
      'ul',
      { class: 'legend', 'aria-label': 'Timeline key' },
      ...(['online', 'limited', 'offline', 'unknown'] as const).map((status) =>
        h(
          'li',
          {},
          h('span', { class: 'swatch', 'data-status': status, 'aria-hidden': 'true' }),
          status === 'unknown' ? 'not monitored' : status,
        ),
      ),
    ),
  );
  const frame = element.firstElementChild as HTMLElement;

  return {
    element,
    render(view) {
      const window = view.series.window;
      replaceChildren(strip, ...drawOrder(view.timeline).map((segment) => place(segment, window)));
      frame.setAttribute('aria-label', describe(view.timeline));
      startLabel.textContent = formatDateTime(window.from);
    },
  };
}
