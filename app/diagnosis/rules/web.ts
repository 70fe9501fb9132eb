/**
 * The captive-portal rule. Pure: it reads the direct known-answer fetches (PortalProbeResult) and the
 * TCP targets. Three shapes, as ChromeOS's captive_portal routine names them:
 * - the known answer came back (even through a transparent proxy): no portal;
 * - a redirect: a portal, and the Location is its sign-in page;
 * - someone else's page while HTTPS is blocked: a walled garden, a portal that does not redirect
 *   (its page's first link, if any, is the sign-in page). Another page with HTTPS working is a
 *   filter or a block page, not a sign-in, and is left alone.
 */
import { describeProbe } from '../evidence.js';
import { knownAnswerFor } from '../../probes/known-answers.js';
import type { TcpProbeResult } from '../../probes/types.js';
import { isPortalResult, type PortalProbeResult } from '../../probes/web-types.js';
import type { DiagnosisInput, Finding } from '../types.js';

const HTTPS_PORT = 443;
const NETWORK_AUTHENTICATION_REQUIRED = 511;

export function findCaptivePortal(input: DiagnosisInput): Finding[] {
  const fetches = input.otherProbes.filter(isPortalResult);
  if (fetches.length === 0 || fetches.some((fetch) => fetch.outcome === 'ok')) return [];

  const redirected = fetches.find((fetch) => fetch.outcome === 'redirected' && fetch.location !== null);
  if (redirected?.location != null) {
    return [
      portalFinding(`${redirected.url} was redirected to ${redirected.location}`, redirected.location, [
        describeProbe(redirected),
        `Location: ${redirected.location}`,
      ]),
    ];
  }

  const page = fetches.find((fetch) => fetch.outcome === 'wrong-answer');
  const https = httpsTargets(input);
  if (page === undefined) return [];
  // 511 is the network itself asking for a sign-in (RFC 6585): no need for HTTPS to be blocked too.
  if (
    page.status !== NETWORK_AUTHENTICATION_REQUIRED &&
    https.some((target) => target.outcome === 'connected')
  )
    return [];
  return [
    portalFinding(
      `${page.url} answered HTTP ${page.status ?? '?'} with a page of its own${quoted(page)} instead of ${expectedAnswer(page)}${https.some((target) => target.outcome === 'connected') ? '' : ', and HTTPS connections fail'}`,
      page.pageLink,
      [
        describeProbe(page),
        `page: ${page.bodySample ?? ''}`,
        ...(page.pageLink === null ? [] : [`first link on the page: ${page.pageLink}`]),
        ...https.map(describeProbe),
      ],
    ),
  ];
}

function portalFinding(seen: string, signInUrl: string | null, evidence: string[]): Finding {
  return {
    code: 'captive-portal',
    facts: {
      seen,
      signInPage: signInUrl ?? 'the sign-in page (open any plain http:// website to bring it up)',
    },
    evidence,
    ...(signInUrl === null ? {} : { signInUrl }),
  };
}

/** The targets that tell whether HTTPS gets out: those on 443, or every target when none is. */
function httpsTargets(input: DiagnosisInput): TcpProbeResult[] {
  const onHttpsPort = input.targets.filter((target) => target.endpoint.port === HTTPS_PORT);
  return onHttpsPort.length > 0 ? onHttpsPort : [...input.targets];
}

/** What a person would recognise the page by: its title, else its first words; the raw HTML stays in the evidence. */
function quoted(page: PortalProbeResult): string {
  const sample = page.bodySample ?? '';
  const title = /<title[^>]*>([^<]*)</i.exec(sample)?.[1]?.trim();
  const text = (title === undefined || title === '' ? sample.replace(/<[^>]*>?/g, ' ') : title)
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return sample === '' ? ' (empty)' : '';
  return ` ("${text.length > 80 ? `${text.slice(0, 79)}…` : text}")`;
}

function expectedAnswer(page: PortalProbeResult): string {
  return knownAnswerFor(new URL(page.url)).status === 204 ? 'the empty 204 answer' : 'its known answer';
}
