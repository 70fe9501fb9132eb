/**
 * Every number the monitor's timing rests on, with the reasoning. All durations in milliseconds.
 */

/** The tick between fast checks while online. Worked example at the defaults (5 s, fast timeout 0.9 s on
 * a normal link): a cable pulled at t = 0 is looked at by t ≤ 5 s; that check and its immediate
 * confirmation each give up after 0.9 s, so offline is declared by t ≈ 6.8 s, within the issue #3 target
 * of interval + 2 s with 0.2 s to spare for a loaded machine. */
export const DEFAULT_INTERVAL_MS = 5_000;
export const MIN_INTERVAL_MS = 1_000;
export const MAX_INTERVAL_MS = 3_600_000;

/**
 * How many consecutive failing checks turn the status from online to limited/offline (and move between
 * limited and offline). 2 = the first failure plus one confirmation started the moment it failed, so one
 * lost SYN or one slow resolver never turns the tray red.
 */
export const CONFIRMATIONS_TO_CHANGE = 2;

/**
 * The confirming check starts as soon as the failing one settles: waiting would only add to the time the
 * user is not told. Exception: a check that could not run at all (it threw, or hit the check deadline) is
 * retried after `CONFIRM_RETRY_MS`, so a check that fails at once cannot spin.
 */
export const CONFIRM_RETRY_MS = 1_000;

/**
 * The fast check's own timeout, adapted to the link: a black hole shows up as "nothing connected within T",
 * and T need only be a few times the connect times this link really has.
 * T = clamp(`FAST_TIMEOUT_FACTOR` × max(p`FAST_TIMEOUT_PERCENTILE` of the last `FAST_TIMEOUT_SAMPLES`
 * connect times, the latest one), `FAST_TIMEOUT_FLOOR_MS`, the configured probe timeout).
 * Worked examples (configured 3 s): a 20 ms link → 3 × 20 ms = 60 ms → floor → 0.9 s; a 600 ms satellite link
 * → 1.8 s; a 1.5 s link → 4.5 s → the configured 3 s. No connect seen yet → the configured timeout.
 * The latest sample counts so a move to a slower network (its full diagnosis connects in 800 ms where the
 * old link took 20 ms) lengthens T at once instead of after 18 slow checks; full diagnoses always run
 * with the configured timeout.
 */
export const FAST_TIMEOUT_FACTOR = 3;
/**
 * Why 0.9 s and not more: TCP resends a lost SYN after 1 s (RFC 6298's initial RTO), and its answer comes
 * after that, so no floor below ~1 s + RTT waits for a resend anyway; what a floor buys is room for a
 * latency spike (a queue behind an upload), and 0.9 s is still 45 × a 20 ms link. A check is one of two in
 * a row before anything changes, and six targets in parallel must all miss it.
 */
export const FAST_TIMEOUT_FLOOR_MS = 900;
export const FAST_TIMEOUT_PERCENTILE = 0.9;
/** 20 samples = the last 100 s of checks at the default 5 s interval. */
export const FAST_TIMEOUT_SAMPLES = 20;

/**
 * How many good checks end an outage: 1. A false "online" costs little (the next 2 s recheck corrects it
 * after two failures), while a slow "online" is what users notice. Example: link back at t = 0; the
 * 2 s recheck runs at t ≤ 2 s, a fast check takes well under 1 s → online at t < 3 s (target ≤ 3 s).
 * Flapping links are handled by `FLAP_*` below, not by slowing every recovery.
 */
export const CHECKS_TO_RECOVER = 1;

/**
 * Recheck cadence while limited, offline or without a verdict, counted from the start of one check to the
 * start of the next, so recovery is seen within ~2 s however long a failing check takes. Example: a black
 * hole, fast checks giving up after 1 s: checks start at 0, 2, 4 s; the link back at 0.1 s (the 0 s check's
 * SYN already lost) is seen by the 2 s check. The naming full diagnosis takes 3 s: the next check starts
 * as it ends. That is never more than one check per 2 s, the rate a machine with no network at all (every
 * check failing at once) already has.
 */
export const RECHECK_WHILE_DOWN_MS = 2_000;

/**
 * Flap damping. When the verdict has changed `FLAP_CHANGE_LIMIT` times within `FLAP_WINDOW_MS`, the link
 * is flapping: failures (online → limited/offline) are still declared after the usual confirmation, but
 * recovery, and a move between limited and offline, then need their verdict to hold without a break for
 * `FLAP_HOLD_MS`. Example: a link that is down 2 checks, up 1 check, over and over, gives
 * online→offline→online→offline→online (4 changes), then one more offline, and stays offline until it
 * holds up for a whole minute: 5 changes, not one every 3 seconds. Without the hold on limited ↔ offline,
 * 50 % packet loss (checks that see nothing, some, or all targets) could keep changing between the two.
 * Strictly alternating good/bad checks never confirm a failure at all (each failure is followed by a
 * good confirmation), so they produce no change.
 */
export const FLAP_WINDOW_MS = 10 * 60_000;
export const FLAP_CHANGE_LIMIT = 4;
export const FLAP_HOLD_MS = 60_000;

/** A full diagnosis older than this is refreshed even when nothing changed, to catch impairments the fast
 * check cannot see (DNS, portal). Example: interval 5 s → 1 full check per 60 ticks while all is well. */
export const FULL_DIAGNOSIS_MAX_AGE_MS = 5 * 60_000;

/**
 * Fast checks in a row whose connect takes at least the high-latency threshold before a full diagnosis
 * runs early to judge the link's quality. A fast check sees one connect; a queue behind a big upload can
 * slow one, three in a row (15 s at the default interval) is the link. Example: latency jumps to 400 ms
 * at 10:00:00 → full diagnosis about 10:00:15, not at the next 5-minute refresh.
 */
export const SLOW_CHECKS_FOR_DIAGNOSIS = 3;

/**
 * After a wake (a `resume` hint or a detected sleep gap) the network itself is still waking: Wi-Fi
 * re-joins and DHCP renews in 2–20 s. A failure confirmed within this long of the wake is marked
 * `afterWake` on its status change, and the notification policy stays quiet about it (never for the
 * sleep/resume gap) and about a recovery from it that came within the same span. Example: lid opened
 * at 10:00:00, two failed checks at :01 and :02, online at :06 → no "Connection lost", no "Back online".
 */
export const WAKE_GRACE_MS = 60_000;

/**
 * Sleep detection. Node's timers run on a monotonic clock that stops while the machine sleeps, but the
 * wall clock does not; a timer armed with delay d that fires more than `SLEEP_GAP_FACTOR × d +
 * SLEEP_GAP_SLACK_MS` of wall time later means the machine slept (or the clock was set forward).
 * Example: interval 5 s → a gap over 20 s is a sleep; while offline (2 s rechecks) a gap over 11 s.
 * A wall clock that moved backwards by more than `CLOCK_BACKWARDS_TOLERANCE_MS` is treated the same.
 */
export const SLEEP_GAP_FACTOR = 3;
export const SLEEP_GAP_SLACK_MS = 5_000;
export const CLOCK_BACKWARDS_TOLERANCE_MS = 1_000;

/** A check still running after this is aborted through its signal and reported as `check-failed`. */
export const CHECK_TIMEOUT_MS = 30_000;

/**
 * After a `suspend` hint with no `resume`, a timer that still fires after this much awake time proves the
 * machine did not sleep (suspend refused or the OS never sent resume), so monitoring resumes by itself.
 */
export const SUSPEND_WATCHDOG_MS = 60_000;

/** How often the network fingerprint (interfaces, addresses, default routes) is read. It is a local read,
 * no packets, so 2 s costs nothing and a Wi-Fi switch is seen within 2 s. */
export const NETWORK_POLL_MS = 2_000;

/**
 * While a check runs no schedule timer is armed, so a tick of this length keeps proving the machine is
 * awake; a tick that fires late by the `isClockGap` rule means it slept with the check in flight. The
 * shortest regular delay (the 2 s recheck, or the interval when shorter) keeps that rule as tight as the
 * one between checks. Example: interval 1 s, offline checks taking the whole 1 s timeout → a 10 s sleep
 * in the middle of one is seen (the tick is 8 s overdue), where the 30 s check deadline alone would let
 * a sleep of up to 95 s pass as part of the check and stretch the outage across it.
 */
export function awakeTickMs(intervalMs: number): number {
  return Math.min(intervalMs, RECHECK_WHILE_DOWN_MS);
}

/** True when a timer armed at `armedAt` for `delayMs` fired at `now` so late (or so early on the wall clock)
 * that the machine must have slept or the clock jumped. */
export function isClockGap(armedAt: number, now: number, delayMs: number): boolean {
  const elapsed = now - armedAt;
  if (elapsed < -CLOCK_BACKWARDS_TOLERANCE_MS) return true;
  return elapsed > SLEEP_GAP_FACTOR * delayMs + SLEEP_GAP_SLACK_MS;
}

/** Validates a monitor interval; the message names the bad value. */
export function validateIntervalMs(intervalMs: number): number {
  if (!Number.isFinite(intervalMs) || intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS) {
    throw new RangeError(
      `monitor interval must be between ${MIN_INTERVAL_MS} and ${MAX_INTERVAL_MS} ms, got ${String(intervalMs)}`,
    );
  }
  return intervalMs;
}
