import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  absoluteWebUrl,
  firstLinkIn,
  judgeAnswer,
  knownAnswerFor,
  sampleOf,
} from '../../app/probes/known-answers.js';

const NO_CONTENT = knownAnswerFor(new URL('http://connectivitycheck.gstatic.com/generate_204'));
const APPLE = knownAnswerFor(new URL('http://captive.apple.com/hotspot-detect.html'));
const APPLE_BODY = '<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>';

test('knows the answers of the URLs operating systems use, and expects 204 from any other path', () => {
  assert.deepEqual(NO_CONTENT, { status: 204, body: '' });
  assert.equal(APPLE.status, 200);
  assert.equal(
    knownAnswerFor(new URL('http://www.msftconnecttest.com/connecttest.txt')).body,
    'Microsoft Connect Test',
  );
  assert.deepEqual(knownAnswerFor(new URL('http://portal.example/anything')), { status: 204, body: '' });
});

const cases: readonly {
  name: string;
  expected: typeof NO_CONTENT;
  status: number;
  location: string | null;
  body: string;
  verdict: ReturnType<typeof judgeAnswer>;
}[] = [
  {
    name: '204 with no body to a 204 URL',
    expected: NO_CONTENT,
    status: 204,
    location: null,
    body: '',
    verdict: 'ok',
  },
  {
    name: 'an empty 200 to a 204 URL',
    expected: NO_CONTENT,
    status: 200,
    location: null,
    body: '',
    verdict: 'wrong-answer',
  },
  {
    name: 'a page to a 204 URL',
    expected: NO_CONTENT,
    status: 200,
    location: null,
    body: '<html>',
    verdict: 'wrong-answer',
  },
  {
    name: 'the known 200 body',
    expected: APPLE,
    status: 200,
    location: null,
    body: APPLE_BODY,
    verdict: 'ok',
  },
  {
    name: 'the known 200 body with a trailing newline',
    expected: APPLE,
    status: 200,
    location: null,
    body: `${APPLE_BODY}\r\n`,
    verdict: 'ok',
  },
  {
    name: 'a 200 body that differs by one letter',
    expected: APPLE,
    status: 200,
    location: null,
    body: APPLE_BODY.replace('Success</B', 'Sucess</B'),
    verdict: 'wrong-answer',
  },
  {
    name: 'a 204 to a URL that expects a 200 body',
    expected: APPLE,
    status: 204,
    location: null,
    body: '',
    verdict: 'http-error',
  },
  {
    name: 'a 302 with a Location',
    expected: NO_CONTENT,
    status: 302,
    location: 'http://login.example/',
    body: '',
    verdict: 'redirected',
  },
  {
    name: 'a 307 with a Location',
    expected: APPLE,
    status: 307,
    location: 'https://login.example/',
    body: '',
    verdict: 'redirected',
  },
  {
    name: 'a 302 without a Location',
    expected: NO_CONTENT,
    status: 302,
    location: null,
    body: '',
    verdict: 'http-error',
  },
  {
    name: 'a 511 network authentication required',
    expected: NO_CONTENT,
    status: 511,
    location: null,
    body: 'sign in',
    verdict: 'wrong-answer',
  },
  { name: 'a 404', expected: NO_CONTENT, status: 404, location: null, body: '', verdict: 'http-error' },
];

for (const c of cases) {
  test(`judges ${c.name} as ${c.verdict}`, () => {
    assert.equal(judgeAnswer(c.expected, c.status, c.location, c.body), c.verdict);
  });
}

test('makes a Location absolute and refuses schemes a browser should not be sent to', () => {
  const base = new URL('http://portal-check.lab.test/generate_204');
  assert.equal(absoluteWebUrl('/login?next=1', base), 'http://portal-check.lab.test/login?next=1');
  assert.equal(absoluteWebUrl('https://login.lab.test/', base), 'https://login.lab.test/');
  assert.equal(absoluteWebUrl('file:///etc/passwd', base), null);
  assert.equal(absoluteWebUrl('javascript:alert(1)', base), null);
});

test('finds the sign-in link of a walled garden page: meta refresh first, then script, then the first link', () => {
  const base = new URL('http://portal-check.lab.test/generate_204');
  assert.equal(
    firstLinkIn(
      '<a href="/x">x</a><meta http-equiv="refresh" content="0; url=http://login.lab.test/terms">',
      base,
    ),
    'http://login.lab.test/terms',
  );
  assert.equal(
    firstLinkIn('<script>window.location.href = "/portal";</script>', base),
    'http://portal-check.lab.test/portal',
  );
  assert.equal(
    firstLinkIn('<p>Welcome</p><a class="b" href="http://login.lab.test/?a=1&amp;b=2">Accept</a>', base),
    'http://login.lab.test/?a=1&b=2',
  );
  assert.equal(firstLinkIn('<a href="javascript:void(0)">x</a>', base), null);
  assert.equal(firstLinkIn('no links here', base), null);
});

test('samples a body as one line of at most 200 characters', () => {
  assert.equal(sampleOf('  <html>\n  <body>hi</body>\n</html>\n'), '<html> <body>hi</body> </html>');
  const long = sampleOf('x'.repeat(500));
  assert.equal(long.length, 200);
  assert.ok(long.endsWith('…'));
});
