// Range selector, uptime, timeline strip, latency chart, outage list and CSV export for one range.
import { HISTORY_RANGES, type HistoryRange, type HistoryView } from '../../../app/api/contract.js';
import { h } from '../dom.js';
import { formatPercent, RANGE_WORDS } from '../format.js';
import { createLatencyChart } from './latency-chart.js';
import { createOutageList } from './outage-list.js';
import { createTimeline } from './timeline.js';

export interface HistoryPanelActions {
  /** The user picked another range. */
  selectRange(range: HistoryRange): void;
  exportCsv(what: 'checks' | 'outages', range: HistoryRange): Promise<void>;
}

export interface HistoryPanel {
  readonly element: HTMLElement;
  render(view: HistoryView, now: number): void;
  setBusy(busy: boolean): void;
  showError(message: string | null): void;
}

function uptimeText(view: HistoryView): string {
  const percent = view.uptime.uptimePercent;
  return percent === null ? '—' : formatPercent(percent);
}

export function createHistoryPanel(initial: HistoryRange, actions: HistoryPanelActions): HistoryPanel {
  let range = initial;
  const radios = HISTORY_RANGES.map((value) => {
    const input = h('input', {
      type: 'radio',
      name: 'history-range',
      value,
      checked: value === initial,
    });
    input.addEventListener('change', () => {
      if (!input.checked) return;
      range = value;
      actions.selectRange(value);
    });
    return h('label', { class: 'segmented-option' }, input, h('span', {}, RANGE_WORDS[value]));
  });
  const rangeGroup = h(
    'fieldset',
    { class: 'segmented' },
    h('legend', { class: 'visually-hidden' }, 'Time range'),
    ...radios,
  );

  const uptimeValue = h('span', { class: 'uptime-value' }, '—');
  const uptimeLabel = h('span', { class: 'uptime-label' }, 'uptime');
  const uptime = h('p', { class: 'uptime' }, uptimeValue, ' ', uptimeLabel);
  const timeline = createTimeline();
  const chart = createLatencyChart();
  const outages = createOutageList();
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const exportStatus = h('p', { class: 'export-status', role: 'status' });

  const exportButton = (what: 'checks' | 'outages', text: string): HTMLButtonElement => {
    const button = h('button', { type: 'button', class: 'button button-quiet' }, text);
    button.addEventListener('click', () => {
      exportStatus.textContent = '';
      actions.exportCsv(what, range).then(
        () => (exportStatus.textContent = `Exported ${what}.`),
        (failure: unknown) => (exportStatus.textContent = `Export failed: ${String(failure)}`),
      );
    });
    return button;
  };

  const body = h(
    'div',
    { class: 'history-body' },
    h('div', { class: 'history-head' }, rangeGroup, uptime),
    error,
    timeline.element,
    chart.element,
    h('h3', { class: 'subheading' }, 'Outages'),
    outages.element,
    h(
      'div',
      { class: 'row' },
      exportButton('checks', 'Export checks (CSV)'),
      exportButton('outages', 'Export outages (CSV)'),
      exportStatus,
    ),
  );
  const element = h(
    'section',
    { class: 'card history', 'aria-labelledby': 'history-heading' },
    h('h2', { id: 'history-heading' }, 'History'),
    body,
  );

  return {
    element,
    render(view, now) {
      range = view.range;
      for (const label of radios) {
        const input = label.querySelector('input');
        if (input !== null) input.checked = input.value === view.range;
      }
      uptimeValue.textContent = uptimeText(view);
      uptimeLabel.textContent = `uptime, last ${RANGE_WORDS[view.range]}`;
      timeline.render(view);
      outages.render(view.outages, view.range, now);
      // Last: the chart reads its width, which lays the page out; every other write is in by then.
      chart.render(view);
    },
    setBusy(busy) {
      element.setAttribute('aria-busy', String(busy));
      body.classList.toggle('is-busy', busy);
    },
    showError(message) {
      error.hidden = message === null;
      error.textContent = message ?? '';
    },
  };
}
