// The window's first three requests, sent the moment the bundle starts running. main.ts imports this
// module first and ES modules run in import order, so the requests leave before the rest of the bundle
// is evaluated. That rest costs tens of milliseconds in a fresh renderer, mostly the first
// Intl.DateTimeFormat (uPlot and format.ts make theirs at load) pulling in locale data; now it runs
// while the server answers instead of before the server is even asked.
import {
  HISTORY_RANGES,
  type EditableSettings,
  type HistoryRange,
  type HistoryView,
  type Snapshot,
  type StatusApi,
} from '../../app/api/contract.js';
import type { ConnectionWatch, TransportFacts } from './transport/connection.js';
import { pickTransport } from './transport/pick.js';

export type FirstAnswers = [
  PromiseSettledResult<Snapshot>,
  PromiseSettledResult<HistoryView>,
  PromiseSettledResult<EditableSettings>,
];

export interface FirstRequests {
  readonly api: StatusApi & Partial<ConnectionWatch & TransportFacts>;
  readonly range: HistoryRange;
  readonly answers: Promise<FirstAnswers>;
}

/** `#token=…&range=30d` opens the window on a range (the tray's "history" item, the benchmark). */
export function rangeFromHash(hash: string): HistoryRange {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('range');
  return HISTORY_RANGES.find((range) => range === value) ?? '24h';
}

/** Snapshot, history and settings, all at once: none of them waits for another. */
export function requestFirstAnswers(api: StatusApi, range: HistoryRange): Promise<FirstAnswers> {
  return Promise.allSettled([api.getSnapshot(), api.getHistory(range), api.getSettings()]);
}

function send(): FirstRequests | Error {
  try {
    const api = pickTransport(window);
    const range = rangeFromHash(location.hash);
    return { api, range, answers: requestFirstAnswers(api, range) };
  } catch (error) {
    // An incomplete preload bridge: main.ts shows this instead of the window.
    return error instanceof Error ? error : new Error(String(error));
  }
}

export const firstRequests = send();
