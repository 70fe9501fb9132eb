/**
 * Rules for the layers above reachability (DNS, web, trust, quality), asked whenever at least one
 * target connected. Each reads only `input.otherProbes` (and the host view) and returns its findings;
 * register new ones in LAYER_RULES. Rules never call each other.
 */
import type { HostView } from '../host-view.js';
import type { DiagnosisInput, Finding } from '../types.js';
import { findDnsProblems } from './dns.js';
import { findProxyProblem } from './proxy.js';
import { findHighLatency, findPacketLoss } from './quality.js';
import { findClockSkew, findTlsInterception } from './trust.js';
import { findCaptivePortal } from './web.js';

export type LayerRule = (input: DiagnosisInput, host: HostView) => readonly Finding[];

export const LAYER_RULES: readonly LayerRule[] = [
  findDnsProblems,
  findCaptivePortal,
  findProxyProblem,
  findPacketLoss,
  findHighLatency,
  findTlsInterception,
  findClockSkew,
];
