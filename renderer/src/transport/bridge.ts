// StatusApi through the Electron preload bridge: main exposes `window.internetConn` with contextBridge.
import type { StatusApi } from '../../../app/api/contract.js';

declare global {
  interface Window {
    internetConn?: StatusApi;
  }
}

const OPERATIONS: readonly (keyof StatusApi)[] = [
  'getSnapshot',
  'getHistory',
  'getOutages',
  'exportHistory',
  'checkNow',
  'pause',
  'resume',
  'getSettings',
  'updateSettings',
  'on',
];

/** The bridge when the preload exposed a complete one; null in a plain browser. */
export function bridgeApi(win: Window): StatusApi | null {
  const candidate = win.internetConn;
  if (candidate === undefined || candidate === null) return null;
  const missing = OPERATIONS.filter((name) => typeof candidate[name] !== 'function');
  if (missing.length > 0) throw new Error(`window.internetConn lacks ${missing.join(', ')}`);
  return candidate;
}
