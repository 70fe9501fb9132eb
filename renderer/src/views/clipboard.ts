/**
 * Copies text. The async clipboard needs a secure context and permission; when it is refused, a
 * read-only textarea with the text selected stays on screen so the user can press Ctrl+C themselves.
 */
export type CopyOutcome = 'copied' | 'selected';

export async function copyText(text: string, fallbackHost: HTMLElement): Promise<CopyOutcome> {
  try {
    if (navigator.clipboard === undefined) throw new Error('no async clipboard');
    await navigator.clipboard.writeText(text);
    fallbackHost.replaceChildren();
    fallbackHost.hidden = true;
    return 'copied';
  } catch {
    const area = document.createElement('textarea');
    area.readOnly = true;
    area.value = text;
    area.className = 'report-fallback';
    area.setAttribute('aria-label', 'Report text');
    area.rows = 8;
    fallbackHost.replaceChildren(area);
    fallbackHost.hidden = false;
    area.focus();
    area.select();
    let copied = false;
    try {
      // Deprecated, but still the only synchronous path when the async clipboard is refused.
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    return copied ? 'copied' : 'selected';
  }
}
