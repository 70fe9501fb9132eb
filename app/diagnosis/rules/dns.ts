/**
 * DNS causes, judged only when the internet is reachable (the lower layers explain an offline
 * machine). Each configured resolver gets one verdict from its answers for the configured names;
 * the reference resolvers say whether a name really exists, so a zone that is broken everywhere is
 * never blamed on the local resolver.
 */
import { RESPONDED, SILENT, type DnsOutcome } from '../../probes/dns-error-table.js';
import { dnsTarget, isDnsProbeResult, type DnsProbeResult } from '../../probes/dns.js';
import { describeProbe, joinWords } from '../evidence.js';
import type { HostView } from '../host-view.js';
import type { DiagnosisInput, Finding } from '../types.js';

/**
 * Above this median lookup time on the fastest working configured resolver, DNS is slow. A page
 * typically needs 5–20 names; at 500 ms each, and a browser resolving a few at a time, that is
 * seconds of blank page. 500 ms → fine; 501 ms → dns-slow. A healthy home router answers from cache
 * in < 5 ms and forwards in 20–80 ms; a satellite link forwards in ~650 ms, which is felt.
 */
export const SLOW_DNS_MS = 500;

/** What a resolver's answers for the names that exist add up to. */
export type ResolverVerdict = 'works' | 'silent' | 'failing' | 'not-judged';

/** Every DNS cause at once: a silent resolver and a slow one are separate problems. */
export function findDnsProblems(input: DiagnosisInput, _host: HostView): Finding[] {
  const results = input.otherProbes.filter(isDnsProbeResult);
  // No DNS results means the DNS check did not run (no names configured, or a caller without layers).
  if (results.length === 0) return [];
  const configured = results.filter((result) => result.role === 'configured');
  const references = results.filter((result) => result.role === 'reference');
  if (input.local.resolvers.length === 0) return [notConfigured(input, references)];

  const byServer = groupByServer(configured);
  const verdicts = new Map(
    [...byServer].map(([server, own]) => [server, judgeResolver(own, references)] as const),
  );
  const serversWith = (verdict: ResolverVerdict): string[] =>
    [...verdicts].filter(([, value]) => value === verdict).map(([server]) => server);
  const working = serversWith('works');

  return [
    unreachable(serversWith('silent'), working, byServer, references),
    failing(serversWith('failing'), working, byServer, references),
    hijacked(configured, references),
    slow(working, byServer),
  ].filter((finding): finding is Finding => finding !== null);
}

/**
 * A configured name's standing according to the references: `exists` (one resolved it), `broken`
 * (they answered, all with errors: the name or its zone is at fault, not the local resolver) or
 * `unknown` (none answered: take the settings' word that it exists).
 */
export function nameStanding(
  name: string,
  references: readonly DnsProbeResult[],
): 'exists' | 'broken' | 'unknown' {
  const own = references.filter((result) => result.name === name && result.purpose === 'known');
  if (own.some(isPositive)) return 'exists';
  return own.some((result) => RESPONDED.has(result.outcome)) ? 'broken' : 'unknown';
}

/**
 * One resolver's verdict from its answers for names not broken everywhere: it works if it resolved
 * any (one zone in trouble is not "DNS is failing"), is silent if nothing came back at all, and is
 * failing if it answered only with errors or with NXDOMAIN for a name that exists.
 */
export function judgeResolver(
  own: readonly DnsProbeResult[],
  references: readonly DnsProbeResult[],
): ResolverVerdict {
  const counted = own.filter(
    (result) =>
      result.purpose === 'known' &&
      result.outcome !== 'local-error' &&
      nameStanding(result.name, references) !== 'broken',
  );
  if (counted.length === 0) return 'not-judged';
  if (counted.some(isPositive)) return 'works';
  if (counted.every((result) => SILENT.has(result.outcome))) return 'silent';
  return 'failing';
}

function notConfigured(input: DiagnosisInput, references: readonly DnsProbeResult[]): Finding {
  return {
    code: 'dns-not-configured',
    facts: {
      source: input.local.resolverSource ?? 'the system configuration',
      comparison: referenceSentence(
        references,
        ' Public DNS servers ({servers}) answer from here, so only the setting is missing.',
        '',
      ),
    },
    evidence: [
      `no DNS server in ${input.local.resolverSource ?? 'the system configuration'}`,
      ...references.filter((result) => result.purpose === 'known').map(describeProbe),
    ],
  };
}

function unreachable(
  silent: readonly string[],
  working: readonly string[],
  byServer: ReadonlyMap<string, readonly DnsProbeResult[]>,
  references: readonly DnsProbeResult[],
): Finding | null {
  if (silent.length === 0) return null;
  const own = silent.flatMap((server) => knownOf(byServer.get(server)));
  return {
    code: 'dns-unreachable',
    facts: {
      resolvers: serverNoun(silent),
      outcomes: summariseDnsOutcomes(own.map((result) => result.outcome)),
      comparison: comparisonSentence(working, references, 'do not answer either'),
    },
    evidence: [...own, ...workingEvidence(working, byServer), ...knownOf(references)].map(describeProbe),
  };
}

function failing(
  broken: readonly string[],
  working: readonly string[],
  byServer: ReadonlyMap<string, readonly DnsProbeResult[]>,
  references: readonly DnsProbeResult[],
): Finding | null {
  if (broken.length === 0) return null;
  const own = broken.flatMap((server) => knownOf(byServer.get(server)));
  return {
    code: 'dns-failing',
    facts: {
      resolvers: serverNoun(broken),
      names: joinWords(unique(own.map((result) => result.name))),
      outcomes: summariseDnsOutcomes(own.map((result) => result.outcome)),
      comparison: comparisonSentence(working, references, 'fail too'),
    },
    evidence: [...own, ...workingEvidence(working, byServer), ...knownOf(references)].map(describeProbe),
  };
}

/**
 * A configured resolver returned addresses for the made-up name. Not hijacking if a reference resolved
 * it too: then the zone has a wildcard record and every resolver answers it.
 */
function hijacked(
  configured: readonly DnsProbeResult[],
  references: readonly DnsProbeResult[],
): Finding | null {
  const made = references.filter((result) => result.purpose === 'nonexistent');
  if (made.some(isAnswered)) return null;
  const rewritten = configured.filter((result) => result.purpose === 'nonexistent' && isAnswered(result));
  const first = rewritten[0];
  if (first === undefined) return null;
  const honest = unique(
    made.filter((result) => result.outcome === 'nxdomain').map((result) => result.server),
  );
  return {
    code: 'dns-hijacked',
    facts: {
      resolver: serverNoun(rewritten.map((result) => result.server)),
      name: first.name,
      answer: joinWords([...first.answers]),
      comparison:
        honest.length > 0
          ? `The independent DNS ${serverNoun(honest)} ${honest.length === 1 ? 'says' : 'say'} it does not exist.`
          : 'No independent DNS server could be asked to compare, but a random name like this one does not exist.',
    },
    evidence: [...rewritten, ...made].map(describeProbe),
  };
}

function slow(
  working: readonly string[],
  byServer: ReadonlyMap<string, readonly DnsProbeResult[]>,
): Finding | null {
  const medians = working
    .map((server) => {
      const timings = (byServer.get(server) ?? [])
        .filter((result) => RESPONDED.has(result.outcome) && result.ms !== null)
        .map((result) => result.ms ?? 0);
      return { server, ms: median(timings) };
    })
    .filter((entry): entry is { server: string; ms: number } => entry.ms !== null)
    .sort((a, b) => a.ms - b.ms);
  const fastest = medians[0];
  if (fastest === undefined || fastest.ms <= SLOW_DNS_MS) return null;
  return {
    code: 'dns-slow',
    facts: {
      resolver: fastest.server,
      ms: String(Math.round(fastest.ms)),
      thresholdMs: String(SLOW_DNS_MS),
    },
    evidence: working.flatMap((server) => byServer.get(server) ?? []).map(describeProbe),
  };
}

/** ` The other configured server 10.0.0.2 answers …` / ` The public DNS servers … answer …`. */
function comparisonSentence(
  working: readonly string[],
  references: readonly DnsProbeResult[],
  referencesFailWords: string,
): string {
  const parts: string[] = [
    working.length > 0
      ? ` The other configured DNS ${serverNoun(working)} ${working.length === 1 ? 'works' : 'work'}, so lookups still succeed but can wait for the broken one first: remove it from the settings (a VPN or container tool that added it is a common culprit).`
      : ' Websites and apps fail to load by name although the internet is reachable.',
  ];
  parts.push(
    referenceSentence(
      references,
      ' Public DNS servers ({servers}) answer from here, so the fault is with the configured server, not with the internet.',
      ` The public DNS servers asked for comparison (${joinWords(unique(references.map((result) => result.server)))}) ${referencesFailWords}, so DNS traffic may be blocked on this network.`,
    ),
  );
  return parts.join('');
}

/** The sentence for when a reference resolved a known name, else the other one; '' without references. */
function referenceSentence(references: readonly DnsProbeResult[], whenOne: string, whenNone: string): string {
  const known = knownOf(references);
  if (known.length === 0) return '';
  const answering = unique(known.filter(isPositive).map((result) => result.server));
  return answering.length > 0 ? whenOne.replace('{servers}', joinWords(answering)) : whenNone;
}

const outcomeWords: Readonly<Record<DnsOutcome, string>> = {
  answered: 'answered',
  'no-data': 'answered with no address',
  nxdomain: 'said the name does not exist (NXDOMAIN)',
  servfail: 'answered server failure (SERVFAIL)',
  refused: 'refused to answer (REFUSED)',
  'bad-response': 'sent an unreadable answer',
  timeout: 'timed out',
  unreachable: 'could not be sent (the server is unreachable)',
  'local-error': 'failed on this computer',
};

/** `2 timed out, 1 answered server failure (SERVFAIL)`, most common first. */
export function summariseDnsOutcomes(outcomes: readonly DnsOutcome[]): string {
  const counts = new Map<DnsOutcome, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([outcome, count]) => `${count} ${count === 1 ? 'lookup' : 'lookups'} ${outcomeWords[outcome]}`)
    .join(', ');
}

function isPositive(result: DnsProbeResult): boolean {
  return result.outcome === 'answered' || result.outcome === 'no-data';
}

function isAnswered(result: DnsProbeResult): boolean {
  return result.outcome === 'answered' && result.answers.length > 0;
}

function knownOf(results: readonly DnsProbeResult[] | undefined): DnsProbeResult[] {
  return (results ?? []).filter((result) => result.purpose === 'known');
}

function workingEvidence(
  working: readonly string[],
  byServer: ReadonlyMap<string, readonly DnsProbeResult[]>,
): DnsProbeResult[] {
  return working.flatMap((server) => knownOf(byServer.get(server)));
}

function groupByServer(results: readonly DnsProbeResult[]): Map<string, DnsProbeResult[]> {
  const groups = new Map<string, DnsProbeResult[]>();
  for (const result of results) groups.set(result.server, [...(groups.get(result.server) ?? []), result]);
  return groups;
}

/** `server 10.200.1.1`, `servers 10.200.1.1 and [2001:db8:1::1]`: IPv6 in brackets, as in the evidence. */
function serverNoun(servers: readonly string[]): string {
  const listed = unique(servers);
  return `${listed.length === 1 ? 'server' : 'servers'} ${joinWords(listed.map((server) => dnsTarget('', server).slice(1)))}`;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
