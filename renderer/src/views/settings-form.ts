// Settings: nothing is saved until updateSettings accepts the whole form; its per-field messages are
// shown next to the fields they name (`targets.1`, `intervalMs`, `retention.rollupDays` …).
import { joinWords } from '../../../app/text/join-words.js';
import { mergeSettings } from './settings-merge.js';
import type { EditableSettings, SettingsResult } from '../../../app/api/contract.js';
import { h, replaceChildren } from '../dom.js';
import { formatTime } from '../format.js';
import { intervalMessageInSeconds, intervalRangeError } from '../settings-messages.js';
import { checkbox, checkGroup, field, numberInput, type Field } from './settings-fields.js';

/** A JSON-quoted value and its colon at the start of a server message (quoteValue in app/config/schema.ts). */
const QUOTED_VALUE_PREFIX = /^"(?:[^"\\]|\\.)*": /;

export interface SettingsForm {
  readonly element: HTMLElement;
  fill(settings: EditableSettings): void;
  /**
   * Settings saved elsewhere (the tray, another tab): taken as they are when the form holds no edits,
   * otherwise offered with "reload?", so unsaved work is never overwritten.
   */
  changedElsewhere(settings: EditableSettings): void;
  showLoadError(message: string): void;
}

export interface SettingsFormOptions {
  /** After a save was accepted (the window re-reads its notices). */
  readonly onSaved?: () => void;
  /**
   * Why Start at login and notifications do nothing here, when they do not (a browser on `serve`:
   * only the tray app starts at login or notifies); null where they work.
   */
  readonly hostOnlyReason?: string | null;
}

interface TargetLine {
  readonly line: number;
  readonly text: string;
}

function targetLines(text: string): TargetLine[] {
  return text
    .split('\n')
    .map((raw, index) => ({ line: index + 1, text: raw.trim() }))
    .filter((entry) => entry.text !== '');
}

/** The settings with each locally refused field (`intervalMs`, `retention.rollupDays`) set to null. */
function withNulls(settings: EditableSettings, refused: Readonly<Record<string, string>>): EditableSettings {
  const copy = structuredClone(settings) as unknown as Record<string, Record<string, unknown> | unknown>;
  for (const key of Object.keys(refused)) {
    const [head, tail] = key.split('.') as [string, string | undefined];
    if (tail === undefined) copy[head] = null;
    else (copy[head] as Record<string, unknown>)[tail] = null;
  }
  return copy as unknown as EditableSettings;
}

export function createSettingsForm(
  save: (settings: EditableSettings) => Promise<SettingsResult>,
  options: SettingsFormOptions = {},
): SettingsForm {
  const { onSaved } = options;
  const hostOnlyReason = options.hostOnlyReason ?? null;
  const targets = h('textarea', { id: 'settings-targets', class: 'input', rows: 5, spellcheck: 'false' });
  const interval = numberInput(1, 1);
  const timeout = numberInput(100, 100);
  const rawDays = numberInput(1, 1);
  const rollupDays = numberInput(1, 1);
  const enabled = checkbox('Show notifications');
  const onDisconnect = checkbox('When the connection drops');
  const onReconnect = checkbox('When it comes back');
  const onLimited = checkbox('When it becomes limited');
  const login = checkbox('Start at login');

  const fields: Record<string, Field> = {
    targets: field(
      'Targets',
      targets,
      'One IP address and port per line, like 1.1.1.1:443 or [2606:4700:4700::1111]:443.',
    ),
    intervalMs: field('Check every (seconds)', interval),
    timeoutMs: field('Give up on a target after (milliseconds)', timeout),
    notifications: checkGroup('Notifications', [
      enabled.row,
      onDisconnect.row,
      onReconnect.row,
      onLimited.row,
      hostOnlyHint('notifications-host-only'),
    ]),
    startAtLogin: checkGroup('Startup', [login.row, hostOnlyHint('startup-host-only')]),
    'retention.rawChecksDays': field('Keep every check for (days)', rawDays),
    'retention.rollupDays': field('Keep hourly summaries for (days)', rollupDays),
  };
  const conflictText = h('span', {}, 'Settings were changed elsewhere — reload?');
  const reloadButton = h('button', { type: 'button', class: 'button button-quiet' }, 'Reload settings');
  // Empty while hidden, so no hidden button lingers in the accessibility tree.
  const conflict = h('div', { class: 'settings-conflict row', role: 'status', hidden: true });
  const formError = h('p', { class: 'error', role: 'alert', hidden: true });
  const saveButton = h('button', { type: 'submit', class: 'button' }, 'Save settings');
  const saveStatus = h('p', { class: 'save-status', role: 'status' });
  let lines: TargetLine[] = [];

  function hostOnlyHint(id: string): HTMLElement | null {
    return hostOnlyReason === null ? null : h('p', { id, class: 'hint' }, hostOnlyReason);
  }
  if (hostOnlyReason !== null) {
    // aria-disabled, not disabled or hidden: still reached with Tab, so the reason is read out; the
    // values are still the user's (the tray app reads the same file when it runs) and saved unchanged.
    const lock = (input: HTMLInputElement, reasonId: string): void => {
      input.setAttribute('aria-disabled', 'true');
      input.setAttribute('aria-describedby', reasonId);
      input.addEventListener('click', (event) => event.preventDefault());
    };
    for (const box of [enabled, onDisconnect, onReconnect, onLimited])
      lock(box.input, 'notifications-host-only');
    lock(login.input, 'startup-host-only');
  }

  const syncKinds = (): void => {
    for (const kind of [onDisconnect, onReconnect, onLimited]) kind.input.disabled = !enabled.input.checked;
  };
  enabled.input.addEventListener('change', syncKinds);

  const form = h(
    'form',
    { class: 'settings-form', novalidate: true, 'aria-labelledby': 'settings-heading' },
    conflict,
    fields.targets?.wrapper,
    h('div', { class: 'field-row' }, fields.intervalMs?.wrapper, fields.timeoutMs?.wrapper),
    h('div', { class: 'field-row' }, fields.notifications?.wrapper, fields.startAtLogin?.wrapper),
    h(
      'fieldset',
      { class: 'field-group' },
      h('legend', {}, 'Keep history'),
      h(
        'div',
        { class: 'field-row' },
        fields['retention.rawChecksDays']?.wrapper,
        fields['retention.rollupDays']?.wrapper,
      ),
    ),
    formError,
    h('div', { class: 'row' }, saveButton, saveStatus),
  );
  const element = h(
    'section',
    { class: 'card settings', 'aria-labelledby': 'settings-heading' },
    h('h2', { id: 'settings-heading' }, 'Settings'),
    form,
  );

  function clearErrors(): void {
    for (const entry of Object.values(fields)) entry.setError(null);
    formError.hidden = true;
    formError.textContent = '';
  }

  /** Server keys → our fields; `targets.2` is the third non-empty line, which we report by its line number. */
  function showErrors(errors: Readonly<Record<string, string>>): void {
    const perField = new Map<string, string[]>();
    const unplaced: string[] = [];
    for (const [key, message] of Object.entries(errors)) {
      const target = /^targets\.(\d+)$/.exec(key);
      let fieldKey = key;
      let text = message;
      if (target !== null) {
        fieldKey = 'targets';
        const line = lines[Number(target[1])];
        // The server names the value itself (`"x:1": reason`, for API clients); the line prefix already
        // shows it, so say it once.
        text =
          line === undefined
            ? message
            : `Line ${line.line} (${line.text}): ${message.replace(QUOTED_VALUE_PREFIX, '')}`;
      } else if (key === 'intervalMs') text = intervalMessageInSeconds(message);
      else if (key.startsWith('notifications.')) fieldKey = 'notifications';
      if (fields[fieldKey] === undefined) unplaced.push(`${key}: ${message}`);
      else perField.set(fieldKey, [...(perField.get(fieldKey) ?? []), text]);
    }
    // One entry per bad target line, in line order (the server's keys come in its own order).
    const targetErrors = perField.get('targets');
    targetErrors?.sort((a, b) => lineOf(a) - lineOf(b));
    for (const [key, messages] of perField) fields[key]?.setError(messages);
    if (unplaced.length > 0) {
      formError.hidden = false;
      formError.textContent = unplaced.join(' ');
    }
    const first = Object.values(fields).find((entry) => perField.has(keyOf(entry)));
    const focusTarget = first?.control.matches('fieldset')
      ? first.control.querySelector('input')
      : first?.control;
    (focusTarget as HTMLElement | null | undefined)?.focus();
  }

  function lineOf(message: string): number {
    return Number(/^Line (\d+) /.exec(message)?.[1] ?? 0);
  }

  function keyOf(entry: Field): string {
    return Object.entries(fields).find(([, value]) => value === entry)?.[0] ?? '';
  }

  /** Numbers the browser could not parse never reach the server: there is no value to send. */
  function readNumber(
    input: HTMLInputElement,
    key: string,
    scale: number,
    local: Record<string, string>,
  ): number {
    const value = input.valueAsNumber;
    if (input.value.trim() === '' || Number.isNaN(value)) {
      local[key] = input.value.trim() === '' ? 'Enter a number.' : `"${input.value}" is not a number.`;
      return Number.NaN;
    }
    return Math.round(value * scale);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors();
    saveStatus.textContent = '';
    lines = targetLines(targets.value);
    const local: Record<string, string> = {};
    const settings: EditableSettings = {
      targets: lines.map((entry) => entry.text),
      intervalMs: readNumber(interval, 'intervalMs', 1000, local),
      timeoutMs: readNumber(timeout, 'timeoutMs', 1, local),
      notifications: {
        enabled: enabled.input.checked,
        onDisconnect: onDisconnect.input.checked,
        onReconnect: onReconnect.input.checked,
        onLimited: onLimited.input.checked,
      },
      startAtLogin: login.input.checked,
      retention: {
        rawChecksDays: readNumber(rawDays, 'retention.rawChecksDays', 1, local),
        rollupDays: readNumber(rollupDays, 'retention.rollupDays', 1, local),
      },
    };
    const typedInterval = interval.value.trim();
    if (local['intervalMs'] === undefined) {
      const tooFar = intervalRangeError(typedInterval, interval.valueAsNumber);
      if (tooFar !== null) local['intervalMs'] = tooFar;
    }
    // Fields the browser refused still go to the server, as null, so its errors for every other field
    // show at once; null is never a valid value there, so a form with a local error is never saved.
    // Saved elsewhere since this form was filled: keep those changes wherever the user changed nothing.
    const merged =
      elsewhere !== null && base !== null ? mergeSettings(base, settings, elsewhere) : { settings, kept: [] };
    keptFromElsewhere = merged.kept;
    if (elsewhere !== null) {
      // Merged in: only a save that lands while this one is under way is news after it.
      elsewhere = null;
      showConflict(false);
    }
    const sent = Object.keys(local).length === 0 ? merged.settings : withNulls(merged.settings, local);
    saveStatus.textContent = 'Saving…';
    saving = true;
    save(sent).then(
      (result) => {
        saving = false;
        const heard = elsewhere;
        elsewhere = null;
        const errors = result.ok ? {} : result.errors;
        if (result.ok && Object.keys(local).length === 0) {
          fill(result.settings);
          // "Saved" alone would hide that part of the change waits for a restart.
          const restart =
            result.restartNotice === undefined ? '' : ` ${result.restartNotice.replace(/^Saved; r/, 'R')}`;
          const kept =
            keptFromElsewhere.length === 0
              ? ''
              : ` Kept the ${joinWords(keptFromElsewhere)} saved elsewhere.`;
          saveStatus.textContent = `Saved at ${formatTime(Date.now())}.${kept}${restart}`;
          onSaved?.();
          // A save from elsewhere that landed after ours is newer than what the form shows.
          if (heard !== null && JSON.stringify(heard) !== JSON.stringify(result.settings))
            changedElsewhere(heard);
        } else if (heard !== null) {
          // Not saved, so the edits stay, but the user should know the saved settings moved on.
          showErrors({ ...errors, ...local });
          saveStatus.textContent = 'Not saved: correct the marked fields.';
          changedElsewhere(heard);
        } else {
          // The browser's words win for the fields it refused: the server only saw a null there.
          showErrors({ ...errors, ...local });
          saveStatus.textContent = 'Not saved: correct the marked fields.';
        }
      },
      (failure: unknown) => {
        saving = false;
        if (elsewhere !== null) showConflict(true);
        if (Object.keys(local).length > 0) {
          showErrors(local);
          saveStatus.textContent = 'Not saved: correct the marked fields.';
          return;
        }
        saveStatus.textContent = '';
        formError.hidden = false;
        formError.textContent = `Could not save: ${String(failure)}`;
      },
    );
  });

  /** What the controls hold, as typed: equal to `filled` while the user has changed nothing. */
  function formKey(): string {
    const inputs = [interval, timeout, rawDays, rollupDays].map((input) => input.value);
    const boxes = [enabled, onDisconnect, onReconnect, onLimited, login].map((box) => box.input.checked);
    return JSON.stringify([targets.value, inputs, boxes]);
  }
  let filled = formKey();
  /** The settings the form was last filled with: the base of a merge with a save made elsewhere. */
  let base: EditableSettings | null = null;
  let keptFromElsewhere: readonly string[] = [];
  let elsewhere: EditableSettings | null = null;
  let saving = false;

  reloadButton.addEventListener('click', () => {
    if (elsewhere === null) return;
    clearErrors();
    fill(elsewhere);
    saveStatus.textContent = 'Reloaded the settings saved elsewhere.';
  });

  function changedElsewhere(settings: EditableSettings): void {
    // Our own save comes back as this event too; it is handled when the save's answer arrives.
    if (saving) {
      elsewhere = settings;
      return;
    }
    if (formKey() === filled) {
      fill(settings);
      return;
    }
    elsewhere = settings;
    showConflict(true);
  }

  function showConflict(shown: boolean): void {
    conflict.hidden = !shown;
    if (shown) replaceChildren(conflict, conflictText, reloadButton);
    else replaceChildren(conflict);
  }

  function fill(settings: EditableSettings): void {
    base = settings;
    elsewhere = null;
    showConflict(false);
    targets.value = settings.targets.join('\n');
    interval.value = String(settings.intervalMs / 1000);
    timeout.value = String(settings.timeoutMs);
    enabled.input.checked = settings.notifications.enabled;
    onDisconnect.input.checked = settings.notifications.onDisconnect;
    onReconnect.input.checked = settings.notifications.onReconnect;
    onLimited.input.checked = settings.notifications.onLimited;
    login.input.checked = settings.startAtLogin;
    rawDays.value = String(settings.retention.rawChecksDays);
    rollupDays.value = String(settings.retention.rollupDays);
    syncKinds();
    filled = formKey();
  }

  return {
    element,
    fill,
    changedElsewhere,
    showLoadError(message) {
      formError.hidden = false;
      formError.textContent = `Could not load the settings: ${message}`;
    },
  };
}
