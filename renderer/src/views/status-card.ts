// The large status card: colour and glyph (never colour alone), how long, latency, check-now and pause.
import type { Snapshot } from '../../../app/api/contract.js';
import { topCauseFor } from '../../../app/tray/top-cause.js';
import { h, required } from '../dom.js';
import { formatDateTime, formatLatency, formatSince } from '../format.js';
import { STATUS_META } from '../status-meta.js';

const PAUSE_MS = 60 * 60 * 1000;
/** The tray says the same: the monitor discards a check while paused, so the button would do nothing. */
const CHECK_WHILE_PAUSED = 'Monitoring is paused; resume it to check.';

export interface StatusCardActions {
  checkNow(): Promise<void>;
  pause(untilMs: number | null): Promise<void>;
  resume(): Promise<void>;
}

export interface StatusCard {
  render(snapshot: Snapshot, now: number): void;
  /** Refreshes only the "for 12 min" line, outside the live region, so it is not announced. */
  tick(now: number): void;
  setLatency(latencyMs: number | null, now: number): void;
}

/** Takes over the card that index.html already laid out, so its size never jumps. */
export function mountStatusCard(card: HTMLElement, actions: StatusCardActions): StatusCard {
  const glyph = required<HTMLElement>(card, '.status-glyph');
  const title = required<HTMLElement>(card, '.status-title');
  const summary = required<HTMLElement>(card, '.status-summary');
  const meta = required<HTMLElement>(card, '.status-meta');
  // The buttons are in the markup from the start (reserving their space) and enabled by the first render.
  const checkButton = required<HTMLButtonElement>(card, '[data-action="check"]');
  const pauseButton = required<HTMLButtonElement>(card, '[data-action="pause"]');

  const busyButtons = new Set<HTMLButtonElement>();
  async function busy(button: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
    busyButtons.add(button);
    button.setAttribute('aria-disabled', 'true');
    try {
      await work();
    } finally {
      busyButtons.delete(button);
      button.removeAttribute('aria-disabled');
      syncCheckButton();
    }
  }

  // Both labels share one grid cell, the other one hidden, so the button is as wide as the longer in
  // either state and swapping them moves nothing (visibility:hidden keeps it out of the name).
  const pauseLabel = h('span', { class: 'stacked-label' }, 'Pause for 1 hour');
  const resumeLabel = h('span', { class: 'stacked-label', hidden: true }, 'Resume');
  pauseButton.classList.add('stacked-labels');
  pauseButton.replaceChildren(pauseLabel, resumeLabel);

  // Read out with the disabled button and shown as its tooltip; no visible text, so nothing moves.
  const checkReason = h('span', { id: 'check-disabled-reason', class: 'visually-hidden' });
  card.append(checkReason);

  let current: Snapshot | null = null;

  function syncCheckButton(): void {
    const paused = current?.status === 'paused';
    checkReason.textContent = paused ? CHECK_WHILE_PAUSED : '';
    if (paused) {
      checkButton.setAttribute('aria-disabled', 'true');
      checkButton.setAttribute('aria-describedby', checkReason.id);
      checkButton.title = CHECK_WHILE_PAUSED;
      return;
    }
    checkButton.removeAttribute('aria-describedby');
    checkButton.removeAttribute('title');
    if (!busyButtons.has(checkButton)) checkButton.removeAttribute('aria-disabled');
  }

  checkButton.addEventListener('click', () => {
    if (checkButton.hasAttribute('aria-disabled')) return;
    void busy(checkButton, actions.checkNow);
  });
  pauseButton.addEventListener('click', () => {
    if (pauseButton.hasAttribute('aria-disabled') || current === null) return;
    const paused = current.status === 'paused';
    void busy(pauseButton, () => (paused ? actions.resume() : actions.pause(Date.now() + PAUSE_MS)));
  });

  function metaText(snapshot: Snapshot, now: number): string {
    const parts = [formatSince(snapshot.since, now)];
    if (snapshot.status === 'paused') {
      parts.push(
        snapshot.pausedUntil === null || snapshot.pausedUntil < 0
          ? 'until resumed'
          : `until ${formatDateTime(snapshot.pausedUntil)}`,
      );
    } else if (snapshot.latencyMs !== null && snapshot.status !== 'offline') {
      parts.push(`latency ${formatLatency(snapshot.latencyMs)}`);
    }
    return parts.join(' · ');
  }

  return {
    render(snapshot, now) {
      current = snapshot;
      const look = STATUS_META[snapshot.status];
      card.dataset.status = snapshot.status;
      glyph.textContent = look.glyph;
      // Only touch the live region when the words change, so screen readers hear real changes only.
      if (title.textContent !== look.label) title.textContent = look.label;
      // The tray's choice of cause, so the card and the tray never quote different ones.
      const words = topCauseFor(snapshot.status, snapshot.diagnosis?.causes ?? [])?.title ?? look.summary;
      if (summary.textContent !== words) summary.textContent = words;
      meta.textContent = metaText(snapshot, now);
      pauseLabel.hidden = snapshot.status === 'paused';
      resumeLabel.hidden = snapshot.status !== 'paused';
      syncCheckButton();
      if (!busyButtons.has(pauseButton)) pauseButton.removeAttribute('aria-disabled');
    },
    tick(now) {
      if (current !== null) meta.textContent = metaText(current, now);
    },
    setLatency(latencyMs, now) {
      if (current === null) return;
      current = { ...current, latencyMs };
      meta.textContent = metaText(current, now);
    },
  };
}
