// Fix steps mark commands as `code`, Markdown style (the CLI prints them as they are). The window turns
// each span into a <code> element: text nodes only, never innerHTML, so a step can carry any characters.
import type { Child } from './dom.js';

export type Piece = { readonly code: boolean; readonly text: string };

/** `a \`b\` c` → a, b (code), c. An unpaired backtick is kept as text. */
export function splitCodeSpans(text: string): Piece[] {
  const pieces: Piece[] = [];
  const pattern = /`([^`]+)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    if (start > last) pieces.push({ code: false, text: text.slice(last, start) });
    pieces.push({ code: true, text: match[1] ?? '' });
    last = start + match[0].length;
  }
  if (last < text.length) pieces.push({ code: false, text: text.slice(last) });
  return pieces;
}

export function withCodeSpans(text: string, code: (text: string) => Node): Child[] {
  return splitCodeSpans(text).map((piece) => (piece.code ? code(piece.text) : piece.text));
}
