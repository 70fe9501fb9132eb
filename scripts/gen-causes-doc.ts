// Writes docs/causes.md from the causes catalogue, so the page cannot drift from what the app says.
// Run: npx tsx scripts/gen-causes-doc.ts   (test/unit/diagnosis/causes-doc.test.ts checks it is current)
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  causeCatalogue,
  fixPlatforms,
  fixStepsFor,
  layers,
  type CauseDefinition,
} from '../app/diagnosis/catalogue.js';
import type { CauseCode } from '../app/diagnosis/types.js';

export const causesDocPath = resolve(fileURLToPath(import.meta.url), '../../docs/causes.md');

const osNames = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' } as const;

/** `{gateway}` → `‹gateway›`: the reader sees which words are filled in from the observation. */
function showPlaceholders(text: string): string {
  return text.replace(/\{([A-Za-z]+)\}/g, '‹$1›');
}

function numbered(steps: readonly string[]): string[] {
  return steps.map((step, index) => `${index + 1}. ${showPlaceholders(step)}`);
}

function renderFix(definition: CauseDefinition): string[] {
  const perOs = fixPlatforms.map((platform) => ({ platform, steps: fixStepsFor(definition, platform) }));
  const same = perOs.every(({ steps }) => JSON.stringify(steps) === JSON.stringify(perOs[0]?.steps));
  if (same) return ['**Fix (every system):**', '', ...numbered(perOs[0]?.steps ?? []), ''];
  return perOs.flatMap(({ platform, steps }) => [
    `**Fix on ${osNames[platform]}:**`,
    '',
    ...numbered(steps),
    '',
  ]);
}

function renderCause(code: CauseCode, definition: CauseDefinition): string[] {
  return [
    `## \`${code}\`: ${definition.title}`,
    '',
    `**Severity:** ${definition.severity}${definition.severityNote === undefined ? '' : ` (${definition.severityNote})`} · **Layer:** ${definition.layer}`,
    '',
    `**What we saw:** ${showPlaceholders(definition.explanation)}`,
    '',
    ...renderFix(definition),
  ];
}

/** The whole page, causes in layer order (the order a diagnosis lists them in). */
export function renderCausesMarkdown(): string {
  const entries = (Object.entries(causeCatalogue) as [CauseCode, CauseDefinition][])
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => layers.indexOf(a.entry[1].layer) - layers.indexOf(b.entry[1].layer) || a.index - b.index)
    .map(({ entry }) => entry);
  const lines = [
    '# Causes',
    '',
    '<!-- Generated from app/diagnosis/catalogue.ts by scripts/gen-causes-doc.ts; do not edit by hand. -->',
    '',
    'Every problem internet-conn can name, lowest network layer first (a diagnosis lists them in this order).',
    'Words in ‹angle quotes› are filled in with what was observed on your machine: addresses,',
    'interfaces, ports. Severity `offline` means nothing is reachable, `limited` means reachable but impaired,',
    '`info` means the internet works and this is worth knowing.',
    '',
    ...entries.map(
      ([code, definition]) =>
        `- \`${code}\` (${definition.severity}${definition.severityNote === undefined ? '' : ' or more'}): ${definition.title}`,
    ),
    '',
    ...entries.flatMap(([code, definition]) => renderCause(code, definition)),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(causesDocPath, renderCausesMarkdown());
  console.log(`wrote ${causesDocPath}`);
}
