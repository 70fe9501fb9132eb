/** Small statistics for benchmark output: medians and worst cases, never means (the machine is noisy). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (index: number): number => sorted[index] ?? Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
}

export function worst(values: readonly number[]): number {
  return Math.max(...values);
}

export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}
