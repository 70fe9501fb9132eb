import { causeCatalogue, fixStepsFor } from './catalogue.js';
import type { Cause, CauseCode, Finding } from './types.js';

const placeholder = /\{([A-Za-z]+)\}/g;

/** Turns a rule's finding into the words a user reads, with this OS's fix steps. */
export function renderCause(finding: Finding, platform: NodeJS.Platform): Cause {
  const definition = causeCatalogue[finding.code];
  const fill = (template: string): string => fillTemplate(template, finding.facts, finding.code);
  return {
    code: finding.code,
    severity: finding.severity ?? definition.severity,
    title: definition.title,
    explanation: fill(definition.explanation),
    fix: fixStepsFor(definition, platform).map(fill),
    evidence: finding.evidence,
    ...(finding.signInUrl === undefined ? {} : { signInUrl: finding.signInUrl }),
  };
}

/**
 * Replaces `{name}` with the fact of that name. A missing fact is a rule/catalogue mismatch — a bug,
 * not a network condition — so it fails loudly instead of showing a user `{gateway}`.
 */
export function fillTemplate(
  template: string,
  facts: Readonly<Record<string, string>>,
  code: CauseCode,
): string {
  return template.replace(placeholder, (_match, name: string) => {
    const value = facts[name];
    if (value === undefined)
      throw new Error(`cause ${code}: its text needs the fact "${name}", which the rule did not supply`);
    return value;
  });
}

/** The fact names a template uses, for documentation and completeness checks. */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(placeholder)].map((match) => match[1] ?? '');
}
