import { formatSettingValue } from './format.js';

export interface Duplicate {
  /** 0-based indexes of the earlier item and the one that repeats it. */
  readonly first: number;
  readonly second: number;
  /** The value both mean, as a person writes it, when the two spellings differ; else null. */
  readonly both: string | null;
}

/**
 * The first list item that repeats an earlier one once both are read, so `[2001:DB8::1]:443` repeats
 * `[2001:db8:0::1]:443`. Duplicates are refused rather than dropped: one is almost always a typo for
 * another target, and a silently doubled target skews "N of M reachable" and the per-port and
 * per-family rules. `texts` are the items as written, `values` as parsed, index for index.
 */
export function findDuplicate(texts: readonly string[], values: readonly unknown[]): Duplicate | null {
  const seen = new Map<string, number>();
  for (const [index, value] of values.entries()) {
    const key = JSON.stringify(value);
    const first = seen.get(key);
    if (first !== undefined) {
      const same = texts[first]?.trim() === texts[index]?.trim();
      return { first, second: index, both: same ? null : formatSettingValue(value) };
    }
    seen.set(key, index);
  }
  return null;
}

/** `item 3 "x" repeats item 1 "y" (both are z); list each once`, for the environment and the file. */
export function duplicateItemReason(duplicate: Duplicate, quote: (index: number) => string): string {
  const { first, second } = duplicate;
  return `item ${second + 1} ${quote(second)} repeats item ${first + 1} ${quote(first)}${bothAre(duplicate)}; list each once`;
}

export function bothAre(duplicate: Duplicate): string {
  return duplicate.both === null ? '' : ` (both are ${duplicate.both})`;
}
