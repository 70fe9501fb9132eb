import { endianness, networkInterfaces } from 'node:os';
import type { LocalConfigReader } from '../local-types.js';
import { createLinuxConfigReader } from './linux.js';
import { createPortableConfigReader } from './portable.js';

export { createLinuxConfigReader, type LinuxReaderOptions } from './linux.js';
export { createPortableConfigReader, type PortableSources } from './portable.js';

/**
 * The reader for this OS. `root` prefixes every Linux path so tests can read a recorded tree; IPv4
 * addresses come from os.networkInterfaces() only when reading the live system (root `/`), since
 * no file holds them and the live machine's addresses would not belong to a recorded tree.
 */
export function createLocalConfigReader(
  platform: NodeJS.Platform = process.platform,
  root = '/',
): LocalConfigReader {
  if (platform !== 'linux') return createPortableConfigReader(platform);
  const live = root === '/';
  return createLinuxConfigReader({
    root,
    listAddresses: live ? networkInterfaces : () => ({}),
    endianness: endianness(),
  });
}
