/**
 * Performance marks the benchmark and tests read. `afterPaint` runs once the frame that shows the
 * change has been produced: requestAnimationFrame fires before paint, the task queued from it after.
 */
export const MARKS = {
  /** The first answers are in (before any rendering). */
  data: 'ic-data',
  /** The first full render is done in the DOM (before layout and paint). */
  rendered: 'ic-rendered',
  ready: 'ic-ready',
  rangeStart: 'ic-range-start',
  rangeDone: 'ic-range-done',
  rangeSwitch: 'ic-range-switch',
} as const;

export function afterPaint(callback: () => void): void {
  requestAnimationFrame(() => setTimeout(callback, 0));
}
