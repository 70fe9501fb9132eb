/**
 * The core API with a hook after every successful settings save, so main can apply what only the host
 * can (start at login, notification switches, the tray's checkbox) whichever way the save came in: the
 * window's form or the tray menu.
 */
import type { EditableSettings, StatusApi } from '../api/contract.js';

export function observeSettingsSaves<T extends StatusApi>(
  api: T,
  onSaved: (settings: EditableSettings) => void | Promise<void>,
): T {
  return {
    ...api,
    async updateSettings(settings) {
      const result = await api.updateSettings(settings);
      if (result.ok) await onSaved(result.settings);
      return result;
    },
  };
}
