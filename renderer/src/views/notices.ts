import { h, replaceChildren } from '../dom.js';

/** Problems that are not network causes (history disk full …), plus the window's own connection trouble. */
export interface Notices {
  readonly element: HTMLElement;
  render(notices: readonly string[]): void;
}

export function createNotices(): Notices {
  const list = h('ul', { class: 'notice-list' });
  const element = h('section', { class: 'notices', 'aria-label': 'Notices', hidden: true }, list);
  return {
    element,
    render(notices) {
      element.hidden = notices.length === 0;
      replaceChildren(list, ...notices.map((text) => h('li', { class: 'notice' }, text)));
    },
  };
}
