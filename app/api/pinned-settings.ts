/**
 * Settings the window edits that a flag or an environment variable can also set. Those win at every
 * start, so a change saved from the window lasts only until the next one, and the window must say so.
 */
import type { SettingSource } from '../config/load.js';
import { joinWords } from '../text/join-words.js';
import type { SettingName } from '../config/schema.js';
import type { EditableSettings } from './contract.js';

type PinnableName = 'targets' | 'intervalMs' | 'timeoutMs';

/** Name and the words for it; `plural` picks "are" over "is". */
const PINNABLE: readonly { name: PinnableName; words: string; plural: boolean }[] = [
  { name: 'targets', words: 'probe targets', plural: true },
  { name: 'intervalMs', words: 'check interval', plural: false },
  { name: 'timeoutMs', words: 'timeout', plural: false },
];

export interface PinnedSettings {
  /** The host's values of the pinned settings, which every save keeps. */
  readonly values: Partial<Pick<EditableSettings, PinnableName>>;
  /** The notice for the window, or null when nothing is pinned. */
  readonly notice: string | null;
}

/** `setBy`: how this host takes flags and variables, e.g. "a command-line flag or environment variable". */
export function pinnedSettings(
  host: EditableSettings,
  sources: Readonly<Record<SettingName, SettingSource>>,
  setBy: string,
): PinnedSettings {
  const pinned = PINNABLE.filter(({ name }) => sources[name] === 'flag' || sources[name] === 'env');
  const values: Partial<Pick<EditableSettings, PinnableName>> = {};
  for (const { name } of pinned) Object.assign(values, { [name]: host[name] });
  if (pinned.length === 0) return { values, notice: null };
  const verb = pinned.length > 1 || pinned[0]?.plural === true ? 'are' : 'is';
  return {
    values,
    notice:
      `The ${joinWords(pinned.map(({ words }) => words))} ${verb} set by ${setBy}, which wins at every ` +
      'start; a change saved here lasts until internet-conn restarts.',
  };
}
