/**
 * Clock times for the tray and notifications, in the user's locale and time zone. Injected into the
 * presenter so tests use a fixed formatter and main passes `app.getLocale()` and the system zone.
 */

/** `epochMs` as a person reads it, given the current time (so "today" can drop the date). */
export type TimeFormatter = (epochMs: number, now: number) => string;

export interface TimeFormatOptions {
  /** BCP 47 tag (`en-GB`, `de-DE`); undefined = the runtime's default. */
  readonly locale?: string | undefined;
  /** IANA zone (`Europe/Berlin`); undefined = the system zone. */
  readonly timeZone?: string | undefined;
}

const WEEK_MS = 7 * 24 * 3_600_000;

/**
 * `10:42` today, `Mon 10:42` within the last week, `3 Dec, 10:42` before that. Throws once, at creation,
 * on an unknown locale or zone, naming it, rather than on every tray update.
 */
export function createTimeFormatter(options: TimeFormatOptions = {}): TimeFormatter {
  const base = { timeZone: options.timeZone, hour: 'numeric', minute: '2-digit' } as const;
  let time: Intl.DateTimeFormat;
  let weekday: Intl.DateTimeFormat;
  let dated: Intl.DateTimeFormat;
  let day: Intl.DateTimeFormat;
  try {
    time = new Intl.DateTimeFormat(options.locale, base);
    weekday = new Intl.DateTimeFormat(options.locale, { ...base, weekday: 'short' });
    dated = new Intl.DateTimeFormat(options.locale, { ...base, day: 'numeric', month: 'short' });
    day = new Intl.DateTimeFormat('en-CA', { timeZone: options.timeZone, dateStyle: 'short' });
  } catch (error) {
    throw new Error(
      `cannot format times for locale ${JSON.stringify(options.locale)} and time zone ` +
        `${JSON.stringify(options.timeZone)}: ${(error as Error).message}`,
    );
  }
  return (epochMs, now) => {
    if (day.format(epochMs) === day.format(now)) return time.format(epochMs);
    if (now - epochMs < WEEK_MS && epochMs <= now) return weekday.format(epochMs);
    return dated.format(epochMs);
  };
}
