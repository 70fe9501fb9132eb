/**
 * Time as the monitor sees it, injected so tests drive it with a fake. `now()` is the wall clock (it jumps
 * across sleep and clock changes); the timers are the runtime's, which on every OS we ship run on a
 * monotonic clock that pauses while the machine sleeps. The difference between the two is how a sleep
 * is detected (timing.ts, `isClockGap`).
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
