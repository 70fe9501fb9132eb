import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { causeCatalogue } from '../../../app/diagnosis/catalogue.js';
import { causesDocPath, renderCausesMarkdown } from '../../../scripts/gen-causes-doc.js';

test('docs/causes.md is what the generator writes (run `npx tsx scripts/gen-causes-doc.ts` after editing causes)', () => {
  assert.equal(readFileSync(causesDocPath, 'utf8'), renderCausesMarkdown());
});

test('the causes page has a section with title and fix for every code', () => {
  const page = renderCausesMarkdown();
  for (const [code, definition] of Object.entries(causeCatalogue)) {
    assert.ok(page.includes(`## \`${code}\`: ${definition.title}`), `no section for ${code}`);
  }
  assert.ok(page.includes('**Fix on Windows:**'));
  assert.ok(page.includes('‹gateway›'), 'placeholders are shown, not dropped');
});
