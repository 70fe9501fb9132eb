/**
 * A JSON number too large for a double (`1e400` parses to Infinity), kept as the user wrote it: quoted
 * back through JSON.stringify it would read "null", which is neither what they wrote nor what it is.
 */
export class WrittenNumber {
  constructor(readonly text: string) {}
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * JSON.parse, with every number literal that does not fit a double replaced by a WrittenNumber. The
 * reviver meets leaf values in document order, so the n-th such literal in the text is the n-th
 * non-finite number it sees. Only call it on text JSON.parse accepts.
 */
export function parseJsonKeepingHugeNumbers(text: string): unknown {
  const huge = hugeNumberLiterals(text);
  if (huge.length === 0) return JSON.parse(text) as unknown;
  let next = 0;
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== 'number' || Number.isFinite(value)) return value;
    const written = huge[next] ?? String(value);
    next += 1;
    return new WrittenNumber(written);
  }) as unknown;
}

function hugeNumberLiterals(text: string): string[] {
  const found: string[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? '';
    if (char === '"') {
      // Skip the string, escapes included: digits inside it are not numbers.
      index += 1;
      while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
      index += 1;
      continue;
    }
    if (char === '-' || (char >= '0' && char <= '9')) {
      NUMBER.lastIndex = index;
      const token = NUMBER.exec(text)?.[0] ?? char;
      if (!Number.isFinite(Number(token))) found.push(token);
      index += token.length;
      continue;
    }
    index += 1;
  }
  return found;
}
