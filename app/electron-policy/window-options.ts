/**
 * The status window's BrowserWindow options, as data, so a unit test (the security check in CI) reads
 * exactly what main passes to `new BrowserWindow`. Electron's defaults are already safe for most of
 * these; they are spelled out so a future default change or a careless edit shows up in review.
 */

export const STATUS_WINDOW_SIZE = { width: 480, height: 640, minWidth: 360, minHeight: 480 } as const;

/** The subset of Electron's WebPreferences we set; every one a security decision. */
export interface StatusWebPreferences {
  readonly preload: string;
  /** The preload and the page get separate JavaScript worlds; only contextBridge crosses. */
  readonly contextIsolation: true;
  /** The renderer is an OS-sandboxed Chromium process; the preload gets a minimal require. */
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly experimentalFeatures: false;
  readonly webviewTag: false;
  readonly navigateOnDragDrop: false;
  readonly safeDialogs: true;
  readonly spellcheck: false;
  /** Middle-click on a link would open a window outside setWindowOpenHandler's sight in old versions. */
  readonly disableBlinkFeatures: 'Auxclick';
}

export interface StatusWindowOptions {
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
  /** Shown on demand (tray, second launch), never at creation: no flash of an empty window. */
  readonly show: false;
  readonly title: string;
  readonly autoHideMenuBar: true;
  readonly webPreferences: StatusWebPreferences;
}

export function statusWindowOptions(preloadPath: string): StatusWindowOptions {
  return {
    ...STATUS_WINDOW_SIZE,
    show: false,
    title: 'Internet connection',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  };
}
