/**
 * When no direct target connected, the network may still carry traffic another way: through a
 * sign-in page that answers plain HTTP, or through a configured proxy. Either turns "offline" into
 * limited (sign in, log in to the proxy) or online (the proxy works). DESIGN.md §2: offline is only
 * "no target reachable by any route".
 */
import type { DiagnosisInput, Finding } from '../types.js';
import { findProxyRoute } from './proxy.js';
import { findCaptivePortal } from './web.js';

export function findReachableByOtherRoute(input: DiagnosisInput): Finding[] {
  return [...findCaptivePortal(input), ...findProxyRoute(input)];
}
