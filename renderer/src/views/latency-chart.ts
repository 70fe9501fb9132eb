// Median and worst latency per bucket with uPlot. uPlot sizes its elements through CSSOM
// (element.style.x = …), which the CSP allows; its stylesheet is bundled by Vite, not inlined.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HistoryRange, HistoryView } from '../../../app/api/contract.js';
import { h } from '../dom.js';
import { formatLatency, RANGE_WORDS } from '../format.js';

export const CHART_HEIGHT = 180;

export interface LatencyChart {
  readonly element: HTMLElement;
  render(view: HistoryView): void;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || 'currentColor';
}

function options(width: number): uPlot.Options {
  const muted = cssVar('--text-muted');
  const grid = cssVar('--chart-grid');
  const font = `12px ${cssVar('--font-family')}`;
  const axis = { stroke: muted, font, grid: { stroke: grid, width: 1 }, ticks: { show: false } };
  return {
    width,
    height: CHART_HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    scales: {
      x: { time: true },
      y: { range: (_chart, _min, max) => [0, Math.max(10, (max ?? 0) * 1.15)] },
    },
    axes: [
      { ...axis, space: 70 },
      { ...axis, size: 56, values: (_chart, ticks) => ticks.map((value) => `${value} ms`) },
    ],
    series: [
      {},
      {
        label: 'Median latency',
        stroke: cssVar('--chart-line'),
        fill: cssVar('--chart-fill'),
        width: 2,
        points: { show: false },
      },
      {
        label: 'Worst latency',
        stroke: cssVar('--chart-worst'),
        width: 1,
        dash: [4, 4],
        points: { show: false },
      },
    ],
  };
}

function toData(view: HistoryView): uPlot.AlignedData {
  const points = view.series.points;
  return [
    points.map((point) => point.start / 1000),
    points.map((point) => point.latencyMedianMs),
    points.map((point) => point.latencyMaxMs),
  ];
}

function describe(view: HistoryView, range: HistoryRange): string {
  const medians = view.series.points.flatMap((point) =>
    point.latencyMedianMs === null ? [] : [point.latencyMedianMs],
  );
  if (medians.length === 0) return `Latency chart: no latency data for the last ${RANGE_WORDS[range]}`;
  const low = Math.min(...medians);
  const high = Math.max(...medians);
  return `Latency chart for the last ${RANGE_WORDS[range]}: median between ${formatLatency(low)} and ${formatLatency(high)}`;
}

export function createLatencyChart(): LatencyChart {
  const plotHost = h('div', { class: 'chart-plot' });
  const emptyNote = h('p', { class: 'chart-empty', hidden: true }, 'No latency data for this range yet.');
  const frame = h(
    'div',
    { class: 'chart-frame', role: 'img', 'aria-label': 'Latency chart' },
    plotHost,
    emptyNote,
  );
  const element = h(
    'figure',
    { class: 'chart' },
    h(
      'figcaption',
      { class: 'chart-caption' },
      'Latency',
      h(
        'span',
        { class: 'chart-key', 'aria-hidden': 'true' },
        h('span', { class: 'key-median' }, 'median'),
        h('span', { class: 'key-worst' }, 'worst'),
      ),
    ),
    frame,
  );

  let chart: uPlot | null = null;
  let lastView: HistoryView | null = null;

  function width(): number {
    return Math.max(200, Math.floor(plotHost.clientWidth));
  }

  function build(view: HistoryView): void {
    chart?.destroy();
    chart = new uPlot(options(width()), toData(view), plotHost);
  }

  new ResizeObserver(() => {
    if (chart !== null && Math.abs(chart.width - width()) >= 1)
      chart.setSize({ width: width(), height: CHART_HEIGHT });
  }).observe(plotHost);

  // Axis and line colours come from CSS variables, which change with the colour scheme.
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    if (lastView !== null) build(lastView);
  });

  return {
    element,
    render(view) {
      lastView = view;
      if (chart === null) build(view);
      else chart.setData(toData(view));
      const hasData = view.series.points.some((point) => point.latencyMedianMs !== null);
      emptyNote.hidden = hasData;
      frame.setAttribute('aria-label', describe(view, view.range));
    },
  };
}
