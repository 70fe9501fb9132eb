/**
 * The result of reading one value. A parser never throws on bad input: it says why, in words that
 * the caller prefixes with where the value came from (`--timeout "abc": …`).
 */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail<T = never>(reason: string): Parsed<T> {
  return { ok: false, reason };
}
