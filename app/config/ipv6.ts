import { isIPv4 } from 'node:net';

/**
 * The RFC 5952 text of an IPv6 address: lower case, no leading zeros, the longest run of two or more
 * zero groups shortened to `::` (the first on a tie), and an IPv4-mapped tail kept dotted. Two spellings
 * of one address (`2001:DB8:0:0::1`, `2001:db8::1`) must compare equal, or one target is probed twice.
 * Only call it on text that `isIPv6` accepts; a zone (`%eth0`) is kept as written, since it names an interface.
 */
export function canonicalIpv6(address: string): string {
  const percent = address.indexOf('%');
  const zone = percent === -1 ? '' : address.slice(percent);
  const groups = groupsOf((percent === -1 ? address : address.slice(0, percent)).toLowerCase());
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return `::ffff:${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}${zone}`;
  }
  const run = longestZeroRun(groups);
  const hex = groups.map((group) => group.toString(16));
  if (run === null) return `${hex.join(':')}${zone}`;
  const head = hex.slice(0, run.start).join(':');
  const tail = hex.slice(run.start + run.length).join(':');
  return `${head}::${tail}${zone}`;
}

/** The eight 16-bit groups, with `::` filled in and a dotted IPv4 tail turned into two groups. */
function groupsOf(text: string): number[] {
  const [headText = '', tailText] = text.split('::');
  const parts = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((piece) => {
          if (!isIPv4(piece)) return [parseInt(piece, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const head = parts(headText);
  if (tailText === undefined) return head;
  const tail = parts(tailText);
  return [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

function longestZeroRun(groups: readonly number[]): { start: number; length: number } | null {
  let best: { start: number; length: number } | null = null;
  let start = -1;
  for (let index = 0; index <= groups.length; index += 1) {
    if (index < groups.length && groups[index] === 0) {
      if (start === -1) start = index;
      continue;
    }
    if (start !== -1 && index - start >= 2 && (best === null || index - start > best.length)) {
      best = { start, length: index - start };
    }
    start = -1;
  }
  return best;
}
