import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitCodeSpans } from '../../renderer/src/code-spans.js';

test('splits Markdown code spans out of a fix step and keeps everything else as text', () => {
  const cases: readonly [string, [boolean, string][]][] = [
    ['Restart the router.', [[false, 'Restart the router.']]],
    [
      'Run `ip link` and `rfkill list`.',
      [
        [false, 'Run '],
        [true, 'ip link'],
        [false, ' and '],
        [true, 'rfkill list'],
        [false, '.'],
      ],
    ],
    ['`ping -c 3 10.0.0.1`', [[true, 'ping -c 3 10.0.0.1']]],
    ['an unpaired ` stays', [[false, 'an unpaired ` stays']]],
    ['empty `` is text', [[false, 'empty `` is text']]],
    [
      'markup `<b>x</b>` stays text',
      [
        [false, 'markup '],
        [true, '<b>x</b>'],
        [false, ' stays text'],
      ],
    ],
  ];
  for (const [text, pieces] of cases) {
    assert.deepEqual(
      splitCodeSpans(text).map((piece) => [piece.code, piece.text]),
      pieces,
      text,
    );
  }
});
