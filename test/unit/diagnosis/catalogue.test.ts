import { test } from 'node:test';
import assert from 'node:assert/strict';
import { causeCatalogue, fixPlatforms, fixStepsFor, layers } from '../../../app/diagnosis/catalogue.js';
import { fillTemplate, placeholdersIn, renderCause } from '../../../app/diagnosis/render-cause.js';
import type { CauseCode } from '../../../app/diagnosis/types.js';

const entries = Object.entries(causeCatalogue) as [CauseCode, (typeof causeCatalogue)[CauseCode]][];

test('every cause has a title, an explanation and a layer', () => {
  for (const [code, definition] of entries) {
    assert.ok(definition.title.trim().length > 0, `${code}: empty title`);
    assert.ok(definition.explanation.trim().length > 0, `${code}: empty explanation`);
    assert.ok(layers.includes(definition.layer), `${code}: unknown layer ${definition.layer}`);
  }
});

test('every cause has at least one fix step on Linux, macOS, Windows and other platforms', () => {
  for (const [code, definition] of entries) {
    for (const platform of [...fixPlatforms, 'freebsd'] as const) {
      const steps = fixStepsFor(definition, platform);
      assert.ok(steps.length > 0, `${code}: no fix steps for ${platform}`);
      for (const step of steps) assert.ok(step.trim().length > 0, `${code}: empty step for ${platform}`);
    }
  }
});

test('lists the codes of DESIGN.md plus link-down, each once', () => {
  assert.equal(entries.length, 24);
  assert.ok('link-down' in causeCatalogue);
});

test('uses the OS own steps over the common ones and falls back to Linux for other Unix-likes', () => {
  const definition = {
    layer: 'link',
    severity: 'offline',
    title: 't',
    explanation: 'e',
    fix: { linux: ['linux step'], win32: ['windows step'] },
  } as const;
  assert.deepEqual(fixStepsFor(definition, 'win32'), ['windows step']);
  assert.deepEqual(fixStepsFor(definition, 'darwin'), ['linux step']);
  assert.deepEqual(fixStepsFor({ ...definition, fix: { ...definition.fix, common: ['c'] } }, 'darwin'), [
    'c',
  ]);
});

test('fills every fact a template names and fails naming a missing one', () => {
  assert.equal(
    fillTemplate(
      'gateway {gateway} on {interface}',
      { gateway: '10.200.1.1', interface: 'eth0' },
      'gateway-unreachable',
    ),
    'gateway 10.200.1.1 on eth0',
  );
  assert.throws(
    () => fillTemplate('gateway {gateway}', {}, 'gateway-unreachable'),
    /gateway-unreachable.*"gateway"/,
  );
  assert.deepEqual(placeholdersIn('{a} and {b}'), ['a', 'b']);
});

test('renders a finding with the fix steps of the given OS', () => {
  const finding = {
    code: 'gateway-unreachable' as const,
    facts: { gateways: '10.200.1.1 on en0', gateway: '10.200.1.1', interface: 'en0', backup: '' },
    evidence: ['gateway 10.200.1.1 on en0 silent'],
  };
  const cause = renderCause(finding, 'darwin');
  assert.equal(cause.severity, 'offline');
  assert.match(cause.explanation, /10\.200\.1\.1 on en0/);
  assert.ok(
    cause.fix.some((step) => step.includes('arp -a -i en0')),
    cause.fix.join('\n'),
  );
  assert.ok(renderCause(finding, 'win32').fix.some((step) => step.includes('ping 10.200.1.1')));
});
