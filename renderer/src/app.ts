// Wires the views to the StatusApi. The status card is in index.html from the start; everything else
// replaces the skeleton in one step once its data is in, so nothing on screen moves when data arrives.
import type { HistoryRange, HistoryView, Snapshot, StatusApi } from '../../app/api/contract.js';
import { h, replaceChildren, required } from './dom.js';
import { downloadFile } from './download.js';
import { requestFirstAnswers, type FirstAnswers } from './first-requests.js';
import { afterPaint, MARKS } from './marks.js';
import { LOST_CONTACT, type ConnectionWatch, type TransportFacts } from './transport/connection.js';
import { createDiagnosisPanel } from './views/diagnosis-panel.js';
import { createHistoryPanel } from './views/history-panel.js';
import { createNotices } from './views/notices.js';
import { buildReport, describeOs } from './views/report.js';
import { createSettingsForm } from './views/settings-form.js';
import { mountStatusCard } from './views/status-card.js';

const TICK_MS = 15_000;
const RETRY_MS = 5_000;
/**
 * The history on screen ages while nothing changes status (an ongoing outage's length, uptime, the
 * timeline's "now"): it is re-read at most this often, on the tick or after a check.
 */
const HISTORY_REFRESH_MS = 60_000;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `firstAnswers`: the first requests when they were already sent (first-requests.ts); otherwise they are
 * sent here, before any view is built, so building the views overlaps the server's answers.
 */
export async function startApp(
  doc: Document,
  api: StatusApi & Partial<ConnectionWatch & TransportFacts>,
  initialRange: HistoryRange = '24h',
  firstAnswers: Promise<FirstAnswers> = requestFirstAnswers(api, initialRange),
): Promise<void> {
  let snapshot: Snapshot | null = null;
  let range: HistoryRange = initialRange;
  let connectionProblem: string | null = null;
  let historyRequest = 0;
  let historyLoadedAt = Date.now();

  const notices = createNotices();
  const showNotices = (): void =>
    notices.render([
      ...(connectionProblem === null ? [] : [connectionProblem]),
      ...(snapshot?.notices ?? []),
    ]);

  const apply = (next: Snapshot): void => {
    snapshot = next;
    card.render(next, Date.now());
    diagnosis.render(next);
    showNotices();
  };

  /** A failed button action says so in the notices; the next good answer clears it. */
  const act = (work: () => Promise<Snapshot>, what: string) => () =>
    work().then(
      (next) => {
        connectionProblem = null;
        apply(next);
      },
      (error: unknown) => {
        connectionProblem = `Could not ${what}: ${message(error)}`;
        showNotices();
      },
    );

  const card = mountStatusCard(required(doc, '#status-card'), {
    checkNow: act(() => api.checkNow(), 'check now'),
    pause: (untilMs) => act(() => api.pause(untilMs), 'pause')(),
    resume: act(() => api.resume(), 'resume'),
  });

  const diagnosis = createDiagnosisPanel(async () => {
    if (snapshot === null) throw new Error('no status yet');
    const outages = await api.getOutages('7d').catch(() => null);
    return buildReport({ snapshot, outages, os: describeOs(navigator), now: Date.now() });
  });

  const history = createHistoryPanel(range, {
    selectRange(next) {
      performance.clearMarks(MARKS.rangeStart);
      performance.mark(MARKS.rangeStart);
      range = next;
      loadHistory(true);
    },
    async exportCsv(what, which) {
      downloadFile(await api.exportHistory(what, 'csv', which));
    },
  });

  const settings = createSettingsForm((values) => api.updateSettings(values), {
    // The restart notice (and any other) belongs in the notices now, not after the next status change.
    onSaved: () => void api.getSnapshot().then(apply, () => undefined),
    hostOnlyReason: api.hostOnly ?? null,
  });

  function renderHistory(view: HistoryView): void {
    history.render(view, Date.now());
    history.showError(null);
  }

  /**
   * Stale answers (the user switched again meanwhile) are dropped, so the last choice always wins. A
   * `quiet` reload (the periodic refresh) neither dims the panel nor shows a failure: the old view
   * stays, and lost contact has its own notice.
   */
  function loadHistory(measure: boolean, quiet = false): void {
    const request = ++historyRequest;
    historyLoadedAt = Date.now();
    if (!quiet) history.setBusy(true);
    api.getHistory(range).then(
      (view) => {
        if (request !== historyRequest) return;
        renderHistory(view);
        history.setBusy(false);
        if (measure)
          afterPaint(() => {
            performance.mark(MARKS.rangeDone);
            performance.measure(MARKS.rangeSwitch, MARKS.rangeStart, MARKS.rangeDone);
          });
      },
      (error: unknown) => {
        if (request !== historyRequest || quiet) return;
        history.setBusy(false);
        history.showError(`Could not load the history: ${message(error)}`);
      },
    );
  }

  const [first, firstHistory, firstSettings] = await firstAnswers;
  performance.mark(MARKS.data);

  const content = required<HTMLElement>(doc, '#content');
  replaceChildren(
    content,
    h(
      'div',
      { class: 'layout' },
      h('div', { class: 'column column-now' }, notices.element, diagnosis.element),
      h('div', { class: 'column column-history' }, history.element),
      h('div', { class: 'column column-settings' }, settings.element),
    ),
  );
  content.setAttribute('aria-busy', 'false');

  if (first.status === 'fulfilled') apply(first.value);
  else {
    connectionProblem = `Cannot reach the internet-conn monitor: ${message(first.reason)}`;
    showNotices();
    retrySnapshot();
  }
  if (firstSettings.status === 'fulfilled') settings.fill(firstSettings.value);
  else settings.showLoadError(message(firstSettings.reason));
  // The history goes last: its chart measures its width, which forces a layout, so every other part
  // is already in the page and that one layout is the only one before the first frame.
  if (firstHistory.status === 'fulfilled') renderHistory(firstHistory.value);
  else history.showError(`Could not load the history: ${message(firstHistory.reason)}`);
  performance.mark(MARKS.rendered);
  afterPaint(() => performance.mark(MARKS.ready));

  function retrySnapshot(): void {
    setTimeout(() => {
      api.getSnapshot().then((next) => {
        connectionProblem = null;
        apply(next);
        loadHistory(false);
      }, retrySnapshot);
    }, RETRY_MS);
  }

  const refreshHistoryIfOld = (): void => {
    if (Date.now() - historyLoadedAt >= HISTORY_REFRESH_MS) loadHistory(false, true);
  };

  /** After lost contact: everything pushed meanwhile was missed, so read it all again. */
  function catchUp(): void {
    api.getSnapshot().then(
      (next) => {
        connectionProblem = null;
        apply(next);
      },
      (error: unknown) => {
        connectionProblem = `Cannot reach the internet-conn monitor: ${message(error)}`;
        showNotices();
      },
    );
    loadHistory(false, true);
  }

  api.onConnection?.((state) => {
    if (state.kind === 'connected') return catchUp();
    connectionProblem = state.kind === 'lost' ? LOST_CONTACT : state.message;
    showNotices();
  });

  api.on('status-changed', ({ snapshot: next }) => {
    // An event is a good answer: whatever went wrong before is over.
    connectionProblem = null;
    apply(next);
    // A status change opens or closes an outage: the history on screen is out of date.
    loadHistory(false);
  });
  api.on('check-completed', ({ latencyMs }) => {
    if (snapshot === null) return;
    snapshot = { ...snapshot, latencyMs };
    card.setLatency(latencyMs, Date.now());
    refreshHistoryIfOld();
  });
  api.on('settings-changed', ({ settings: saved }) => settings.changedElsewhere(saved));
  api.on('diagnosis-changed', ({ causes }) => {
    if (snapshot === null || snapshot.diagnosis === null) return;
    apply({ ...snapshot, diagnosis: { ...snapshot.diagnosis, causes } });
  });
  setInterval(() => {
    card.tick(Date.now());
    refreshHistoryIfOld();
  }, TICK_MS);
}
