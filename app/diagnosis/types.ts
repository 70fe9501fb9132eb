import type { DefaultRoute, LocalConfig, NeighbourState } from '../probes/local-types.js';
import type { ProbeResult, TcpProbeResult } from '../probes/types.js';

export type Status = 'online' | 'limited' | 'offline';
export type Severity = 'info' | 'limited' | 'offline';

/** Stable, kebab-case cause codes (DESIGN.md §3). Never rename one; add new ones at the end of a layer. */
export type CauseCode =
  | 'no-network-interface'
  | 'link-down'
  | 'no-ip-address'
  | 'no-default-route'
  | 'gateway-unreachable'
  | 'upstream-unreachable'
  | 'traffic-rejected'
  | 'port-blocked'
  | 'dns-not-configured'
  | 'dns-unreachable'
  | 'dns-failing'
  | 'dns-hijacked'
  | 'dns-slow'
  | 'captive-portal'
  | 'proxy-required'
  | 'proxy-auth-required'
  | 'proxy-unreachable'
  | 'ipv6-broken'
  | 'ipv4-broken'
  | 'high-latency'
  | 'packet-loss'
  | 'tls-intercepted'
  | 'clock-skew'
  | 'unknown';

/** A named problem as it appears in `check --json`: everything a user needs, already rendered. */
export interface Cause {
  readonly code: CauseCode;
  readonly severity: Severity;
  readonly title: string;
  /** Plain language: what was observed, with the concrete addresses and interfaces. */
  readonly explanation: string;
  /** Ordered steps for this machine's OS. */
  readonly fix: readonly string[];
  /** The probe results the cause rests on, one line each (`1.1.1.1:443 timeout after 3000 ms`). */
  readonly evidence: readonly string[];
  /** captive-portal only, when the network named its sign-in page: what "Open sign-in page" opens. */
  readonly signInUrl?: string;
}

/** What a rule found, before the catalogue turns it into words: a code plus the facts to quote. */
export interface Finding {
  readonly code: CauseCode;
  readonly facts: Readonly<Record<string, string>>;
  readonly evidence: readonly string[];
  /** Carried into the Cause unchanged (see Cause.signInUrl). */
  readonly signInUrl?: string;
  /** Overrides the catalogue's base severity when the facts make this instance worse (or milder). */
  readonly severity?: Severity;
}

/**
 * Whether the default gateway is alive. A TCP connect to it that is answered at all (even refused)
 * proves it is there; silence with an unresolved neighbour entry proves it is not. A complete
 * neighbour entry alone proves nothing about now: it outlives a router that just hung.
 */
export interface GatewayCheck {
  readonly route: DefaultRoute;
  /** The attempt that decided the verdict (an answer if any port answered). */
  readonly tcp: TcpProbeResult | null;
  /** Every connect attempt made to the gateway (one per port tried); absent in older records. */
  readonly attempts?: readonly TcpProbeResult[];
  readonly neighbour: NeighbourState | null;
  readonly verdict: 'alive' | 'silent' | 'unknown';
}

/** Everything the rules may look at. Rules are pure functions of this. */
export interface DiagnosisInput {
  readonly local: LocalConfig;
  readonly targets: readonly TcpProbeResult[];
  readonly gateways: readonly GatewayCheck[];
  /** Results from the deeper layers (dns, http, tls); empty until those probes exist. */
  readonly otherProbes: readonly ProbeResult[];
  /** What the monitor saw in its recent checks; absent for a one-shot `check`. */
  readonly recent?: RecentChecks;
}

/**
 * The monitor's recent checks, the quality rules' second input (rules/quality.ts): one burst is ten
 * connects in 200 ms, so alone it can catch a lucky or an unlucky moment.
 */
export interface RecentChecks {
  /** How far back these go. */
  readonly windowMs: number;
  /** Checks in the window, and how many of them connected to no target at all. */
  readonly checks: number;
  readonly failedChecks: number;
  /** The fastest target's connect time of each check that connected, newest first. */
  readonly fastestMs: readonly number[];
  /** Connect bursts of earlier full diagnoses in the window, newest first. */
  readonly bursts: readonly RecentBurst[];
}

export interface RecentBurst {
  /** The endpoint measured, as `formatEndpoint` writes it. */
  readonly target: string;
  readonly sent: number;
  readonly lost: number;
}

export interface Diagnosis {
  readonly status: Status;
  /** Lowest failing layer first. */
  readonly causes: readonly Cause[];
}
