// The web layer end to end: the bundled CLI in the lab's client namespace fetches
// http://portal-check.lab.test/generate_204 (served at LAB_PORTAL_HOST by services/web.ts, named by the
// lab DNS) while the router plays a captive portal, a walled garden, a transparent proxy or a
// proxy-only office network. One lab for the file; each scenario undoes what it did.
// Needs `npm run build` first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLab, labSkipReason, type Fault, type Lab } from './fixture/lab.js';
import { LAB_PORTAL_URL } from './fixture/lab-layers.js';
import {
  LAB_SIGN_IN_URL,
  interceptWeb,
  startPortalEndpoint,
  startRouterProxy,
} from './fixture/services/web.js';

const TIMEOUT_MS = 1500;
/** DESIGN: a full diagnosis takes at most the timeout + 300 ms. */
const SLACK_MS = 300;
const TARGETS = ['198.51.100.1:443', '198.51.100.1:53', '203.0.113.1:443', '[2001:db8:100::1]:443'];

interface Report {
  readonly status: string;
  readonly causes: readonly {
    code: string;
    explanation: string;
    fix: string[];
    evidence: string[];
    signInUrl?: string;
  }[];
  readonly probes: readonly { kind: string; target: string; outcome: string; ms: number | null }[];
  readonly elapsedMs: number;
}

const skip = labSkipReason() ?? false;
let lab: Lab | undefined;

before(async () => {
  if (skip !== false) return;
  lab = await createLab();
  await startPortalEndpoint(lab);
});

after(async () => {
  await lab?.destroy();
});

function theLab(): Lab {
  assert.ok(lab, 'the lab was not built');
  return lab;
}

async function check(
  env: Readonly<Record<string, string>> = {},
  extra: readonly string[] = [],
): Promise<{ code: number | null; report: Report }> {
  const result = await theLab().runCli(
    [
      'check',
      '--json',
      ...TARGETS.flatMap((target) => ['--target', target]),
      '--timeout',
      String(TIMEOUT_MS),
      ...extra,
    ],
    // An empty config directory, so a developer's own config file changes nothing here.
    { env: { XDG_CONFIG_HOME: '/nonexistent', ...env } },
  );
  assert.equal(result.timedOut, false, 'the CLI did not finish');
  assert.notEqual(result.stdout, '', `no JSON on stdout; stderr:\n${result.stderr}`);
  const report = JSON.parse(result.stdout) as Report;
  assert.ok(
    report.elapsedMs <= TIMEOUT_MS + SLACK_MS,
    `elapsedMs ${report.elapsedMs} is over ${TIMEOUT_MS} + ${SLACK_MS} ms`,
  );
  return { code: result.code, report };
}

const codes = (report: Report): string[] => report.causes.map((cause) => cause.code);
const portalProbe = (report: Report) => report.probes.find((probe) => probe.target === LAB_PORTAL_URL);

/** Applies faults for one run and always undoes them, newest first. */
async function withFaults<T>(apply: (lab: Lab) => Promise<Fault[]>, body: () => Promise<T>): Promise<T> {
  const faults = await apply(theLab());
  try {
    return await body();
  } finally {
    for (const fault of faults.reverse()) await fault.undo();
  }
}

const labTest = (name: string, fn: () => Promise<void>): void => {
  test(name, { skip }, fn);
};

labTest('says online with no web cause when the portal URL gives its 204', async () => {
  const { code, report } = await check();
  assert.equal(report.status, 'online', JSON.stringify(report.causes));
  assert.equal(code, 0);
  assert.equal(portalProbe(report)?.outcome, 'ok');
  assert.deepEqual(codes(report), []);
});

labTest(
  'says limited with captive-portal and the sign-in URL when HTTP is redirected and all else dropped',
  async () => {
    await withFaults(
      async (l) => [await l.blackHole(), await interceptWeb(l, 'portal')],
      async () => {
        for (const extra of [[], ['--fast']]) {
          const { code, report } = await check({}, extra);
          assert.equal(report.status, 'limited', `${extra.join(' ')} ${JSON.stringify(report.causes)}`);
          assert.equal(code, 2);
          assert.deepEqual(codes(report), ['captive-portal']);
          const cause = report.causes[0];
          assert.ok(cause?.signInUrl?.startsWith(`${LAB_SIGN_IN_URL}?continue=`), cause?.signInUrl);
          assert.match(
            cause?.explanation ?? '',
            /generate_204 was redirected to http:\/\/login\.lab\.test\/portal/,
          );
          assert.equal(portalProbe(report)?.outcome, 'redirected');
        }
      },
    );
  },
);

labTest(
  'says limited with captive-portal when a walled garden answers HTTP with its page and HTTPS is blocked',
  async () => {
    await withFaults(
      async (l) => [await l.blockPort(443), await interceptWeb(l, 'garden')],
      async () => {
        const { code, report } = await check();
        assert.equal(report.status, 'limited', JSON.stringify(report.causes));
        assert.equal(code, 2);
        assert.ok(codes(report).includes('captive-portal'), codes(report).join(', '));
        const cause = report.causes.find((c) => c.code === 'captive-portal');
        assert.equal(cause?.signInUrl, LAB_SIGN_IN_URL);
        assert.match(cause?.explanation ?? '', /a page of its own \("Lab Guest Wi-Fi"\)/);
        assert.ok(cause?.evidence.some((line) => line.includes('<h1>Welcome to Lab Guest Wi-Fi</h1>')));
        assert.equal(portalProbe(report)?.outcome, 'wrong-answer');
      },
    );
  },
);

labTest('says online when a transparent proxy intercepts HTTP but passes the known answer', async () => {
  await withFaults(
    async (l) => [await interceptWeb(l, 'transparent')],
    async () => {
      const { code, report } = await check();
      assert.equal(report.status, 'online', JSON.stringify(report.causes));
      assert.equal(code, 0);
      assert.deepEqual(codes(report), []);
      assert.equal(portalProbe(report)?.outcome, 'ok');
    },
  );
});

labTest(
  'says online with proxy-required when direct traffic is dropped and HTTPS_PROXY gets out',
  async () => {
    const proxy = await startRouterProxy(theLab());
    try {
      await withFaults(
        async (l) => [await l.blackHole()],
        async () => {
          const { code, report } = await check({ HTTPS_PROXY: proxy.url });
          assert.equal(report.status, 'online', JSON.stringify(report.causes));
          assert.equal(code, 0);
          assert.deepEqual(codes(report), ['proxy-required']);
          assert.match(
            report.causes[0]?.explanation ?? '',
            /proxy http:\/\/10\.200\.1\.1:3128 set in the HTTPS_PROXY/,
          );
          assert.ok(
            report.probes.some(
              (probe) =>
                probe.target === `${proxy.url} CONNECT 198.51.100.1:443` && probe.outcome === 'connected',
            ),
          );
        },
      );
    } finally {
      await proxy.service.stop();
    }
  },
);

labTest('says limited with proxy-auth-required when the only way out wants a proxy login', async () => {
  const proxy = await startRouterProxy(theLab(), { credentials: 'lab:secret' });
  try {
    await withFaults(
      async (l) => [await l.blackHole()],
      async () => {
        const without = await check({ HTTPS_PROXY: proxy.url });
        assert.equal(without.report.status, 'limited', JSON.stringify(without.report.causes));
        assert.equal(without.code, 2);
        assert.deepEqual(codes(without.report), ['proxy-auth-required']);
        assert.match(without.report.causes[0]?.explanation ?? '', /Basic authentication/);

        const withLogin = await check({ HTTPS_PROXY: proxy.url.replace('http://', 'http://lab:secret@') });
        assert.equal(withLogin.report.status, 'online', JSON.stringify(withLogin.report.causes));
        assert.deepEqual(codes(withLogin.report), ['proxy-required']);
        assert.doesNotMatch(JSON.stringify(withLogin.report), /secret/);
      },
    );
  } finally {
    await proxy.service.stop();
  }
});

labTest(
  'says limited with proxy-unreachable naming the variable when HTTPS_PROXY is dead and direct works',
  async () => {
    const { code, report } = await check({ HTTPS_PROXY: 'http://127.0.0.1:9' });
    assert.equal(report.status, 'limited', JSON.stringify(report.causes));
    assert.equal(code, 2);
    assert.deepEqual(codes(report), ['proxy-unreachable']);
    const cause = report.causes[0];
    assert.match(
      cause?.explanation ?? '',
      /http:\/\/127\.0\.0\.1:9, set in the HTTPS_PROXY environment variable/,
    );
    assert.match(cause?.explanation ?? '', /refuses connections/);
    assert.doesNotMatch(cause?.explanation ?? '', /198\.51\.100/);
  },
);
