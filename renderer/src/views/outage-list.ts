import type { HistoryRange } from '../../../app/api/contract.js';
import type { OutageRecord } from '../../../app/history/types.js';
import { h, replaceChildren } from '../dom.js';
import { formatDateTime, formatDuration, RANGE_WORDS } from '../format.js';

export interface OutageList {
  readonly element: HTMLElement;
  render(outages: readonly OutageRecord[], range: HistoryRange, now: number): void;
}

function row(outage: OutageRecord, now: number): HTMLTableRowElement {
  const ongoing = outage.endedAt === null;
  const duration = outage.durationMs ?? now - outage.startedAt;
  return h(
    'tr',
    { 'data-cause': outage.cause },
    h('td', { 'data-label': 'Start' }, formatDateTime(outage.startedAt)),
    h('td', { 'data-label': 'End' }, ongoing ? h('strong', {}, 'ongoing') : formatDateTime(outage.endedAt)),
    h('td', { 'data-label': 'Duration' }, formatDuration(duration)),
    h(
      'td',
      { 'data-label': 'Cause' },
      h(
        'div',
        {},
        h('span', { class: 'cause-summary' }, outage.summary),
        h('span', { class: 'code' }, outage.cause),
      ),
    ),
  );
}

export function createOutageList(): OutageList {
  const element = h('div', { class: 'outages' });
  return {
    element,
    render(outages, range, now) {
      if (outages.length === 0) {
        replaceChildren(
          element,
          h('p', { class: 'empty outages-empty' }, `No outages in the last ${RANGE_WORDS[range]}`),
        );
        return;
      }
      const newestFirst = [...outages].sort((a, b) => b.startedAt - a.startedAt);
      replaceChildren(
        element,
        h(
          'table',
          { class: 'outage-table' },
          h(
            'caption',
            { class: 'visually-hidden' },
            `Outages in the last ${RANGE_WORDS[range]}, newest first`,
          ),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Start', 'End', 'Duration', 'Cause'].map((name) => h('th', { scope: 'col' }, name)),
            ),
          ),
          h('tbody', {}, ...newestFirst.map((outage) => row(outage, now))),
        ),
      );
    },
  };
}
