/**
 * The application menu. The tray app shows no menu bar, so elsewhere there is none (null). On macOS
 * the edit shortcuts (⌘C, ⌘V, ⌘X, ⌘A, ⌘Z) reach a page only through an application menu with the edit
 * roles (electron/electron#3787): without it the Targets box cannot be pasted into and a selected
 * report cannot be copied. With the Dock icon hidden the menu is never on screen; it only carries keys.
 */
export type AppMenuRole = 'appMenu' | 'editMenu';

export function applicationMenuRoles(platform: NodeJS.Platform): readonly AppMenuRole[] | null {
  return platform === 'darwin' ? ['appMenu', 'editMenu'] : null;
}
