// One labelled control with a hint and an error slot wired through aria-describedby.
import { h, replaceChildren, uniqueId } from '../dom.js';

/** One message as text; several (one per bad target line) as a list, so each reads on its own. */
export type FieldError = string | readonly string[] | null;

function showError(slot: HTMLElement, message: FieldError): boolean {
  const messages = message === null ? [] : typeof message === 'string' ? [message] : message;
  if (messages.length <= 1) replaceChildren(slot, messages[0] ?? '');
  else
    replaceChildren(
      slot,
      h('ul', { class: 'field-error-list' }, ...messages.map((text) => h('li', {}, text))),
    );
  return messages.length > 0;
}

export interface Field {
  readonly wrapper: HTMLElement;
  readonly control: HTMLElement;
  setError(message: FieldError): void;
}

export function field(label: string, control: HTMLElement, hint?: string): Field {
  const id = control.id || uniqueId('field');
  control.id = id;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const error = h('div', { id: errorId, class: 'field-error' });
  const wrapper = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint !== undefined && h('p', { id: hintId, class: 'hint' }, hint),
    control,
    error,
  );
  const describe = (withError: boolean): void => {
    const ids = [hint !== undefined ? hintId : null, withError ? errorId : null].filter(
      (value) => value !== null,
    );
    if (ids.length === 0) control.removeAttribute('aria-describedby');
    else control.setAttribute('aria-describedby', ids.join(' '));
  };
  describe(false);
  return {
    wrapper,
    control,
    setError(message) {
      const shown = showError(error, message);
      if (shown) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      describe(shown);
    },
  };
}

/** A fieldset of checkboxes with one error slot for the group. */
export function checkGroup(legend: string, boxes: readonly (HTMLElement | null)[]): Field {
  const id = uniqueId('group');
  const errorId = `${id}-error`;
  const error = h('div', { id: errorId, class: 'field-error' });
  const wrapper = h('fieldset', { class: 'field checks', id }, h('legend', {}, legend), ...boxes, error);
  return {
    wrapper,
    control: wrapper,
    setError(message) {
      if (!showError(error, message)) wrapper.removeAttribute('aria-describedby');
      else wrapper.setAttribute('aria-describedby', errorId);
    },
  };
}

export function checkbox(label: string): { row: HTMLLabelElement; input: HTMLInputElement } {
  const input = h('input', { type: 'checkbox' });
  return { row: h('label', { class: 'check' }, input, h('span', {}, label)), input };
}

export function numberInput(min: number, step: number): HTMLInputElement {
  return h('input', { type: 'number', min, step, inputmode: 'numeric', class: 'input input-number' });
}
