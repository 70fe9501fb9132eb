/** The DNS layer's result shape and its guard, without the probe code (the log file needs only these). */
import type { DnsOutcome } from './dns-error-table.js';
import type { ProbeResult } from './types.js';

export type DnsRole = 'configured' | 'reference';

/** `known`: a name from the settings, expected to resolve. `nonexistent`: the made-up name. */
export type DnsPurpose = 'known' | 'nonexistent';

export interface DnsProbeResult extends ProbeResult {
  readonly kind: 'dns';
  readonly outcome: DnsOutcome;
  /** The family of the server asked, not of the records (only A records are asked for). */
  readonly family: 4 | 6;
  readonly server: string;
  readonly role: DnsRole;
  readonly name: string;
  readonly purpose: DnsPurpose;
  /** The addresses returned; empty unless `answered`. */
  readonly answers: readonly string[];
}

export function isDnsProbeResult(result: ProbeResult): result is DnsProbeResult {
  return result.kind === 'dns' && 'role' in result && 'purpose' in result;
}
