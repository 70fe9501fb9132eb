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
      // Online first, then limited, then offline: the problems are drawn on top and never hidden.
      const order: Record<TimelineSegment['status'], number> = {
        unknown: 0,
        online: 1,
        limited: 2,
        offline: 3,
      };
      const sorted = [...view.timeline].sort((a, b) => order[a.status] - order[b.status]);
      replaceChildren(strip, ...sorted.map((segment) => place(segment, window)));
      frame.setAttribute('aria-label', describe(view.timeline));
      startLabel.textContent = formatDateTime(window.from);
    },
  };
}
