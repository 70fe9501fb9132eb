import type { Status } from '../diagnosis/types.js';

/** DESIGN.md §2; 64 is sysexits' EX_USAGE, 70 EX_SOFTWARE, 130 the shell's "killed by SIGINT". */
export const EXIT = {
  online: 0,
  offline: 1,
  limited: 2,
  usage: 64,
  internalError: 70,
  interrupted: 130,
} as const;

export function exitCodeForStatus(status: Status): number {
  return EXIT[status];
}
