import type { LocalConfigReader } from '../../app/probes/local-types.js';

/**
 * A machine with no interfaces and no routes: the gateway probe has nothing to send to, so a check in
 * the host's own namespace contacts only the loopback servers its test starts.
 */
export const noRoutesReader: LocalConfigReader = {
  read: () =>
    Promise.resolve({
      platform: 'linux',
      interfaces: [],
      defaultRoutes: [],
      defaultRoutesKnown: true,
      resolvers: [],
      resolverSource: null,
      readErrors: [],
    }),
  readNeighbours: () => Promise.resolve([]),
};
