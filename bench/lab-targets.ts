import type { Endpoint } from '../app/probes/types.js';
import type { Lab } from '../test/lab/fixture/lab.js';

/** The shape of the default target list, in the lab: three IPv4 hosts on 443, one also on 53, two IPv6 hosts. */
export function defaultShapedTargets(lab: Lab): Endpoint[] {
  const [v4a = '', v4b = '', v4c = ''] = lab.addresses.hosts.v4;
  const [v6a = '', v6b = ''] = lab.addresses.hosts.v6;
  return [
    { host: v4a, port: 443, family: 4 },
    { host: v4a, port: 53, family: 4 },
    { host: v4b, port: 443, family: 4 },
    { host: v4c, port: 443, family: 4 },
    { host: v6a, port: 443, family: 6 },
    { host: v6b, port: 443, family: 6 },
  ];
}
