/** Half-open [from, to) spans of epoch ms, and the little set arithmetic uptime-by-time needs. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** Sorted, non-overlapping, non-empty: adjacent or overlapping spans are joined. */
export function union(spans: Iterable<Span>): Span[] {
  const sorted = [...spans].filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.from <= last.to) {
      merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, span.to) };
    } else {
      merged.push(span);
    }
  }
  return merged;
}

export function clip(span: Span, window: Span): Span {
  return { from: Math.max(span.from, window.from), to: Math.min(span.to, window.to) };
}

export function measure(spans: readonly Span[]): number {
  return spans.reduce((sum, s) => sum + Math.max(0, s.to - s.from), 0);
}

/** Both arguments as union() returns them. */
export function intersect(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Span;
    const y = b[j] as Span;
    const from = Math.max(x.from, y.from);
    const to = Math.min(x.to, y.to);
    if (to > from) out.push({ from, to });
    if (x.to < y.to) i += 1;
    else j += 1;
  }
  return out;
}

/** `a` minus `b`, both as union() returns them. */
export function subtract(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const span of a) {
    let from = span.from;
    for (const cut of b) {
      if (cut.to <= from || cut.from >= span.to) continue;
      if (cut.from > from) out.push({ from, to: cut.from });
      from = Math.max(from, cut.to);
    }
    if (from < span.to) out.push({ from, to: span.to });
  }
  return out;
}
