// Each cause: title, plain explanation, numbered steps, and the evidence behind it, folded away.
import type { Snapshot } from '../../../app/api/contract.js';
import type { Cause } from '../../../app/diagnosis/types.js';
import { withCodeSpans } from '../code-spans.js';
import { h, replaceChildren } from '../dom.js';
import { formatTime } from '../format.js';
import { SEVERITY_LABEL } from '../status-meta.js';
import { copyText } from './clipboard.js';

export interface DiagnosisPanel {
  readonly element: HTMLElement;
  render(snapshot: Snapshot): void;
}

function causeItem(cause: Cause): HTMLLIElement {
  return h(
    'li',
    { class: 'cause', 'data-severity': cause.severity, 'data-code': cause.code },
    h(
      'div',
      { class: 'cause-head' },
      h('span', { class: 'badge', 'data-severity': cause.severity }, SEVERITY_LABEL[cause.severity]),
      h('h3', { class: 'cause-title' }, cause.title),
    ),
    h('p', { class: 'cause-explanation' }, cause.explanation),
    cause.fix.length > 0 && h('p', { class: 'fix-heading' }, 'What to do'),
    cause.fix.length > 0 &&
      h(
        'ol',
        { class: 'fix-steps' },
        ...cause.fix.map((step) => h('li', {}, ...withCodeSpans(step, (text) => h('code', {}, text)))),
      ),
    cause.evidence.length > 0 &&
      h(
        'details',
        { class: 'evidence' },
        h('summary', {}, `Evidence (${cause.evidence.length})`),
        h('ul', {}, ...cause.evidence.map((line) => h('li', {}, h('code', {}, line)))),
      ),
  );
}

function emptyState(snapshot: Snapshot): HTMLElement {
  if (snapshot.diagnosis === null) {
    return h('p', { class: 'empty' }, 'No diagnosis yet. It appears after the first full check.');
  }
  return h(
    'p',
    { class: 'empty' },
    `No problems found in the check at ${formatTime(Date.parse(snapshot.diagnosis.startedAt))}.`,
  );
}

export function createDiagnosisPanel(buildReport: () => Promise<string>): DiagnosisPanel {
  const body = h('div', { class: 'diagnosis-body' });
  const copyButton = h('button', { type: 'button', class: 'button' }, 'Copy report');
  const copyStatus = h('p', { class: 'copy-status', role: 'status' });
  const fallback = h('div', { class: 'report-fallback-host', hidden: true });
  const element = h(
    'section',
    { class: 'card diagnosis', 'aria-labelledby': 'diagnosis-heading' },
    h('h2', { id: 'diagnosis-heading' }, 'Diagnosis'),
    body,
    h('div', { class: 'row' }, copyButton, copyStatus),
    fallback,
  );

  copyButton.addEventListener('click', () => {
    copyStatus.textContent = '';
    void buildReport()
      .then((text) => copyText(text, fallback))
      .then((outcome) => {
        copyStatus.textContent =
          outcome === 'copied'
            ? 'Report copied to the clipboard.'
            : 'Press Ctrl+C (⌘C) to copy the selected report.';
      })
      .catch((error: unknown) => {
        copyStatus.textContent = `Could not build the report: ${String(error)}`;
      });
  });

  return {
    element,
    render(snapshot) {
      const causes = snapshot.diagnosis?.causes ?? [];
      replaceChildren(
        body,
        causes.length === 0 ? emptyState(snapshot) : h('ol', { class: 'causes' }, ...causes.map(causeItem)),
      );
    },
  };
}
