/**
 * When the tray app shows a desktop notification, as a pure reducer: a monitor event in, at most one
 * notification and the next state out. main/ only turns the model into an Electron Notification and
 * opens the status window when it is clicked.
 *
 * Rules:
 * - Only verdict-to-verdict status changes notify (online · limited · offline). The monitor already
 *   confirmed them (state-machine.ts), so nothing here waits or re-confirms. A change to or from
 *   `checking` or `paused` is not a verdict: sleep, wake, pause and start-up never notify, and an outage
 *   the monitor ended because it stopped looking (suspended, paused, stopped) never reads "Back online".
 * - To offline: "Connection lost" with the cause. To limited: "Limited connection" with the cause (DNS
 *   failing, sign-in required …). To online after an outage: "Back online after 4 min 12 s".
 * - At most one notification per status change; each kind can be switched off, and `enabled` switches
 *   all of them off.
 * - Flapping: see MAX_NOTIFICATIONS_PER_WINDOW.
 * - Waking: a failure decided within WAKE_GRACE_MS of a wake (`afterWake`) is held: if the link comes back
 *   within WAKE_GRACE_MS of the failure's start, neither it nor the recovery is announced; if it lasts
 *   longer, the held "Connection lost" is shown then, and its end reads "Back online after …".
 */
import type { EditableSettings } from '../api/contract.js';
import type { Cause } from '../diagnosis/types.js';
import type { MonitorEvent, MonitorEventMap, MonitorStatus } from '../monitor/events.js';
import { topCauseFor } from '../tray/presenter.js';
import { WAKE_GRACE_MS } from '../monitor/timing.js';
import { outageDurationText } from './duration-text.js';

/** Windows groups and attributes toasts by this id; it must equal electron-builder.yml's `appId`. */
export const APP_USER_MODEL_ID = 'dev.internet-conn.app';

/**
 * Flapping. Notifications shown are counted over a sliding RATE_WINDOW_MS; when a change would be the
 * (MAX + 1)th, one "Connection is unstable" summary is shown instead and every later change stays silent
 * until the status has held for STABLE_FOR_MS; the change that ends that calm notifies normally.
 *
 * Worked example, a Wi-Fi link dropping every 2 minutes: 10:00 offline (shown), 10:02 back online
 * (shown), 10:04 offline (shown), 10:06 online would be the 4th within 10 min → "Connection is
 * unstable" instead. 10:08 offline and 10:10 online stay silent. The link then holds; at 10:25 (15 min
 * after the last change, ≥ 10) it drops again and "Connection lost" is shown.
 */
export const MAX_NOTIFICATIONS_PER_WINDOW = 3;
export const RATE_WINDOW_MS = 10 * 60_000;
export const STABLE_FOR_MS = 10 * 60_000;

export type NotificationKind = 'disconnect' | 'reconnect' | 'limited' | 'unstable';

export interface NotificationModel {
  readonly kind: NotificationKind;
  readonly title: string;
  readonly body: string;
  /** The status the change led to, for choosing the notification's icon. */
  readonly status: MonitorStatus;
  /** Clicking the notification opens the status window; there are no other actions. */
  readonly action: 'open-status-window';
}

export type NotificationSettings = EditableSettings['notifications'];

export interface NotifyState {
  /** Start of the outage in progress (outage-started.at), null when none is open. */
  readonly outageStartedAt: number | null;
  /** The latest full diagnosis, quoted when the deciding check's report names no matching cause. */
  readonly latestCauses: readonly Cause[];
  /** When the notifications still inside RATE_WINDOW_MS were shown. */
  readonly shownAt: readonly number[];
  /** After the "unstable" summary: silent until the status holds for STABLE_FOR_MS. */
  readonly quiet: boolean;
  /** When the last verdict-to-verdict change was seen. */
  readonly lastChangeAt: number | null;
  /** The outage in progress began right after a wake and was not announced (see WAKE_GRACE_MS). */
  readonly unannounced: boolean;
  /** What that outage would have said; shown once it has lasted WAKE_GRACE_MS, dropped if it ends first. */
  readonly held: NotificationModel | null;
}

export interface NotifyStep {
  readonly notification: NotificationModel | null;
  readonly nextState: NotifyState;
}

export function initialNotifyState(): NotifyState {
  return {
    outageStartedAt: null,
    latestCauses: [],
    shownAt: [],
    quiet: false,
    lastChangeAt: null,
    unannounced: false,
    held: null,
  };
}

export function decideNotification(
  event: MonitorEvent,
  state: NotifyState,
  settings: NotificationSettings,
  now: number,
): NotifyStep {
  // Released on the events between changes (a check every 2 s while down); a change is judged itself.
  const released = event.type === 'status-changed' ? null : releaseHeld(state, now);
  if (released !== null) return released;
  switch (event.type) {
    case 'outage-started':
      return silent({ ...state, outageStartedAt: event.at });
    case 'outage-ended':
      return silent({ ...state, outageStartedAt: null });
    case 'diagnosis-changed':
      return silent({ ...state, latestCauses: event.causes });
    case 'status-changed':
      return onStatusChanged(event, state, settings, now);
    case 'check-completed':
    case 'check-failed':
      return silent(state);
  }
}

function onStatusChanged(
  event: MonitorEventMap['status-changed'],
  state: NotifyState,
  settings: NotificationSettings,
  now: number,
): NotifyStep {
  if (!isVerdict(event.from) || !isVerdict(event.to)) return silent(state);
  // The network is still waking up: a failure now is not news yet, and neither is its quick end. What it
  // would say is held, and shown by releaseHeld if the outage outlasts the grace.
  if ((event.afterWake === true || state.held !== null) && event.to !== 'online') {
    const candidate = settings.enabled ? notificationFor(event, state, settings) : null;
    return silent({ ...state, unannounced: true, held: candidate ?? state.held });
  }
  const quickEnd =
    event.to === 'online' &&
    state.unannounced &&
    (state.outageStartedAt === null || event.at - state.outageStartedAt < WAKE_GRACE_MS);
  const settled: NotifyState = event.to === 'online' ? { ...state, unannounced: false, held: null } : state;
  if (quickEnd) return silent(settled);
  let next: NotifyState = { ...settled, lastChangeAt: now };
  if (state.quiet) {
    const calm = state.lastChangeAt === null || now - state.lastChangeAt >= STABLE_FOR_MS;
    if (!calm) return silent(next);
    next = { ...next, quiet: false, shownAt: [] };
  }

  const candidate = settings.enabled ? notificationFor(event, state, settings) : null;
  if (candidate === null) return silent(next);

  const recent = next.shownAt.filter((shown) => now - shown < RATE_WINDOW_MS);
  if (recent.length >= MAX_NOTIFICATIONS_PER_WINDOW) {
    return {
      notification: {
        kind: 'unstable',
        title: 'Connection is unstable',
        body:
          'It keeps dropping and coming back. Notifications pause until it has been steady for ' +
          `${STABLE_FOR_MS / 60_000} min; the tray icon stays current.`,
        status: event.to,
        action: 'open-status-window',
      },
      nextState: { ...next, quiet: true, shownAt: [...recent, now] },
    };
  }
  return { notification: candidate, nextState: { ...next, shownAt: [...recent, now] } };
}

function notificationFor(
  event: MonitorEventMap['status-changed'],
  state: NotifyState,
  settings: NotificationSettings,
): NotificationModel | null {
  const cause =
    topCauseFor(event.to, event.report?.causes ?? []) ?? topCauseFor(event.to, state.latestCauses);
  const model = (kind: NotificationKind, title: string, body: string): NotificationModel => ({
    kind,
    title,
    body,
    status: event.to,
    action: 'open-status-window',
  });
  switch (event.to) {
    case 'offline':
      if (!settings.onDisconnect) return null;
      return model('disconnect', 'Connection lost', cause?.title ?? 'Nothing on the internet answers.');
    case 'limited':
      if (!settings.onLimited) return null;
      return model('limited', 'Limited connection', cause?.title ?? 'Some of the internet does not work.');
    case 'online': {
      if (!settings.onReconnect) return null;
      const title =
        state.outageStartedAt === null
          ? 'Back online'
          : `Back online after ${outageDurationText(event.at - state.outageStartedAt)}`;
      return model('reconnect', title, 'Everything is reachable again.');
    }
    default:
      return null;
  }
}

/**
 * A failure held after a wake, once it has lasted WAKE_GRACE_MS: it is real, so it is shown (with the
 * cause it had when held) on the first event after that, and its end will read "Back online after …".
 * The monitor sends an event at least every 2 s while down, so the delay past the grace is that.
 */
function releaseHeld(state: NotifyState, now: number): NotifyStep | null {
  if (state.held === null || state.outageStartedAt === null) return null;
  if (now - state.outageStartedAt < WAKE_GRACE_MS) return null;
  const recent = state.shownAt.filter((shown) => now - shown < RATE_WINDOW_MS);
  return {
    notification: state.held,
    nextState: { ...state, held: null, unannounced: false, shownAt: [...recent, now] },
  };
}

function isVerdict(status: MonitorStatus): boolean {
  return status === 'online' || status === 'limited' || status === 'offline';
}

function silent(nextState: NotifyState): NotifyStep {
  return { notification: null, nextState };
}
