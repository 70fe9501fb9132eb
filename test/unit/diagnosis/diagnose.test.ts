import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../../../app/diagnosis/diagnose.js';
import type { CauseCode, DiagnosisInput, Status } from '../../../app/diagnosis/types.js';

/** A recorded check: the input as the probes produced it, and what the diagnosis must say about it. */
interface Fixture {
  readonly behaviour: string;
  readonly platform: NodeJS.Platform;
  readonly input: DiagnosisInput;
  readonly expected: {
    readonly status: Status;
    readonly causes: readonly CauseCode[];
    readonly explanationIncludes: readonly string[];
    readonly fixIncludes: readonly string[];
  };
}

const fixtureDir = fileURLToPath(new URL('../../fixtures/diagnosis/', import.meta.url));
const fixtures = readdirSync(fixtureDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, fixture: JSON.parse(readFileSync(fixtureDir + name, 'utf8')) as Fixture }));

test('has recorded inputs to judge', () => {
  assert.ok(fixtures.length >= 20, `only ${fixtures.length} fixtures in ${fixtureDir}`);
});

for (const { name, fixture } of fixtures) {
  test(`${fixture.behaviour} (${name})`, () => {
    const diagnosis = diagnose(fixture.input, fixture.platform);
    assert.equal(diagnosis.status, fixture.expected.status);
    assert.deepEqual(
      diagnosis.causes.map((cause) => cause.code),
      fixture.expected.causes,
    );
    const explanations = diagnosis.causes.map((cause) => cause.explanation).join('\n');
    for (const part of fixture.expected.explanationIncludes) {
      assert.ok(explanations.includes(part), `explanation lacks "${part}":\n${explanations}`);
    }
    const fixes = diagnosis.causes.flatMap((cause) => cause.fix).join('\n');
    for (const part of fixture.expected.fixIncludes) {
      assert.ok(fixes.includes(part), `fix lacks "${part}":\n${fixes}`);
    }
    for (const cause of diagnosis.causes) {
      assert.ok(cause.evidence.length > 0, `${cause.code} rests on no evidence`);
      assert.doesNotMatch(
        `${cause.explanation}\n${cause.fix.join('\n')}`,
        /\{[A-Za-z]+\}/,
        'unfilled placeholder',
      );
    }
  });
}

test('quotes the failed probes as evidence for upstream-unreachable', () => {
  const fixture = fixtures.find(({ name }) => name === 'upstream-timeouts.json')?.fixture;
  assert.ok(fixture);
  const [cause] = diagnose(fixture.input, 'linux').causes;
  assert.ok(
    cause?.evidence.includes('1.1.1.1:443 timeout after 3001 ms (ETIMEDOUT)'),
    cause?.evidence.join('\n'),
  );
  assert.ok(
    !cause?.evidence.some((line) => line.includes('2606:4700')),
    'IPv6 on an IPv4-only host is not evidence',
  );
});

test('refuses an input without target results, naming the field', () => {
  const fixture = fixtures[0]?.fixture;
  assert.ok(fixture);
  assert.throws(() => diagnose({ ...fixture.input, targets: [] }, 'linux'), /input\.targets is empty/);
});
