/** `53`, `53 and 853`, `22, 53 and 853`: a list in a sentence, for causes, notices and the window. */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
