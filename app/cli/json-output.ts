import type { CheckReport } from '../check.js';

/**
 * The `check --json` document, DESIGN.md §4, built field by field: a probe result may carry more
 * (a TCP result keeps its endpoint), and none of that may leak into the published contract.
 */
export function toJsonDocument(report: CheckReport): object {
  return {
    schema: 1,
    status: report.status,
    causes: report.causes.map((cause) => ({
      code: cause.code,
      severity: cause.severity,
      title: cause.title,
      explanation: cause.explanation,
      fix: [...cause.fix],
      evidence: [...cause.evidence],
      // Only a captive portal has one; absent otherwise, so other causes keep the §4 shape exactly.
      ...(cause.signInUrl === undefined ? {} : { signInUrl: cause.signInUrl }),
    })),
    probes: report.probes.map((probe) => ({
      kind: probe.kind,
      target: probe.target,
      family: probe.family,
      outcome: probe.outcome,
      errorCode: probe.errorCode,
      ms: probe.ms,
    })),
    startedAt: report.startedAt,
    elapsedMs: report.elapsedMs,
  };
}

/** One line when piped (so `>> log.jsonl` works), indented for a person at a terminal. */
export function renderJson(report: CheckReport, indent: boolean): string {
  return `${JSON.stringify(toJsonDocument(report), null, indent ? 2 : undefined)}\n`;
}
