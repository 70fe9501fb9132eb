// The README's configuration table is the user's copy of DESIGN §4: one row per schema key, with the
// flag, the environment variable and the file key the schema really uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SETTINGS_SCHEMA } from '../../app/config/schema.js';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

function configurationRows(): string[] {
  const section = README.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
  return section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));
}

for (const spec of SETTINGS_SCHEMA) {
  test(`README's configuration table has a row for ${spec.file} with its flag and variable`, () => {
    const row = configurationRows().find((line) => line.includes(`| \`${spec.file}\` |`));
    assert.ok(row !== undefined, `no row with file key ${spec.file}`);
    assert.ok(row.includes(`| \`--${spec.flag}\` |`), row);
    assert.ok(row.includes(`| \`${spec.env}\` |`), row);
  });
}
