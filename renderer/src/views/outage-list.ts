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

/**
 * Rows shown before "Show all": the newest ten fit a small window and are what a user scans; a flaky
 * month's 70 rows would also be most of the first layout (≈ 27 ms of it in a cold renderer).
 */
export const OUTAGE_ROWS_SHOWN = 10;

export function createOutageList(): OutageList {
  const element = h('div', { class: 'outages' });
  // Stays open across re-renders and range switches once the user asked for every row.
  let showAll = false;
  const render: OutageList['render'] = (outages, range, now) => {
    if (outages.length === 0) {
      replaceChildren(
        element,
        h('p', { class: 'empty outages-empty' }, `No outages in the last ${RANGE_WORDS[range]}`),
      );
      return;
    }
    const newestFirst = [...outages].sort((a, b) => b.startedAt - a.startedAt);
    const shown = showAll ? newestFirst : newestFirst.slice(0, OUTAGE_ROWS_SHOWN);
    const hidden = newestFirst.length - shown.length;
    const more =
      hidden === 0
        ? null
        : h(
            'button',
            { type: 'button', class: 'button button-quiet outages-more' },
            `Show all ${newestFirst.length} outages`,
          );
    more?.addEventListener('click', () => {
      showAll = true;
      render(outages, range, now);
      // The button is gone; keep the keyboard user where the list now continues.
      element.querySelector<HTMLElement>('.outage-table')?.focus();
    });
    replaceChildren(
      element,
      h(
        'table',
        { class: 'outage-table', tabindex: '-1' },
        h(
          'caption',
          { class: 'visually-hidden' },
          hidden === 0
            ? `Outages in the last ${RANGE_WORDS[range]}, newest first`
            : `The ${shown.length} newest of ${newestFirst.length} outages in the last ${RANGE_WORDS[range]}`,
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
        h('tbody', {}, ...shown.map((outage) => row(outage, now))),
      ),
      more,
    );
  };
  return { element, render };
}
