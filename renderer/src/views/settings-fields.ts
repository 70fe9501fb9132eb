// One labelled control with a hint and an error slot wired through aria-describedby.
import { h, uniqueId } from '../dom.js';

export interface Field {
  readonly wrapper: HTMLElement;
  readonly control: HTMLElement;
  setError(message: string | null): void;
}

export function field(label: string, control: HTMLElement, hint?: string): Field {
  const id = control.id || uniqueId('field');
  control.id = id;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const error = h('p', { id: errorId, class: 'field-error' });
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
      error.textContent = message ?? '';
      if (message === null) control.removeAttribute('aria-invalid');
      else control.setAttribute('aria-invalid', 'true');
      describe(message !== null);
    },
  };
}

/** A fieldset of checkboxes with one error slot for the group. */
export function checkGroup(legend: string, boxes: readonly HTMLElement[]): Field {
  const id = uniqueId('group');
  const errorId = `${id}-error`;
  const error = h('p', { id: errorId, class: 'field-error' });
  const wrapper = h('fieldset', { class: 'field checks', id }, h('legend', {}, legend), ...boxes, error);
  return {
    wrapper,
    control: wrapper,
    setError(message) {
      error.textContent = message ?? '';
      if (message === null) wrapper.removeAttribute('aria-describedby');
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
