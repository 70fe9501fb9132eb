import type { StatusApi } from '../../../app/api/contract.js';
import { bridgeApi } from './bridge.js';
import type { ConnectionWatch, TransportFacts } from './connection.js';
import { createHttpApi, tokenFromHash } from './http.js';

/** Electron's preload bridge when present, otherwise the `serve` HTTP API on the page's own origin. */
export function pickTransport(win: Window): StatusApi & Partial<ConnectionWatch & TransportFacts> {
  const bridge = bridgeApi(win);
  if (bridge !== null) return bridge;
  return createHttpApi({ baseUrl: win.location.origin, token: tokenFromHash(win.location.hash) });
}
