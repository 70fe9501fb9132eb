// Runs @doyensec/electronegativity in process, offline. Its CLI and its runner both fetch translations
// from S3 on every run, and one global check fetches Electron's release list from GitHub; a test must
// send no packet off this machine, so `got` (its only HTTP client) is replaced in the require cache by a
// function that fails at once, and the release-list check is excluded.
import Module, { createRequire } from 'node:module';

export interface Finding {
  readonly id: string;
  readonly severity: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
  readonly confidence: 'CERTAIN' | 'FIRM' | 'TENTATIVE';
  /** Relative to the scanned directory. */
  readonly file: string;
  readonly line: number;
  readonly description: string;
}

export interface ScanResult {
  readonly findings: readonly Finding[];
  readonly checks: number;
  readonly errors: readonly { readonly file: string; readonly message: string }[];
  /** URLs the scanner tried to fetch (each refused without a socket). */
  readonly blockedRequests: readonly string[];
}

interface RawIssue {
  id: string;
  severity: { name: Finding['severity'] };
  confidence: { name: Finding['confidence'] };
  file: string;
  location: { line: number };
  description: string;
}

type Runner = (
  options: Record<string, unknown>,
  forCli: boolean,
) => Promise<{
  globalChecks: number;
  atomicChecks: number;
  errors: ScanResult['errors'];
  issues: RawIssue[];
}>;

const requireFromHere = createRequire(import.meta.url);
const runnerPath = requireFromHere.resolve('@doyensec/electronegativity/dist/runner.js');
const requireFromRunner = createRequire(runnerPath);
const blockedRequests: string[] = [];

function blockNetwork(): void {
  const gotPath = requireFromRunner.resolve('got');
  if (requireFromRunner.cache[gotPath]?.exports?.offlineStub === true) return;
  const refuse = async (url: unknown): Promise<never> => {
    blockedRequests.push(String(url));
    throw new Error('network access is disabled in tests');
  };
  const stub = Object.assign(refuse, { head: refuse, get: refuse, offlineStub: true });
  const module = new Module(gotPath);
  module.filename = gotPath;
  module.loaded = true;
  module.exports = stub;
  requireFromRunner.cache[gotPath] = module;
}

export async function scanElectronApp(input: string, electronVersion: string): Promise<ScanResult> {
  blockNetwork();
  const loaded = requireFromRunner(runnerPath) as Runner | { default: Runner };
  const run = typeof loaded === 'function' ? loaded : loaded.default;
  const before = blockedRequests.length;
  const result = await run(
    {
      input,
      customScan: [],
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      electronVersionOverride: electronVersion,
      isRelative: true,
      parserPlugins: [],
    },
    false,
  );
  return {
    findings: result.issues.map((issue) => ({
      id: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file,
      line: issue.location.line,
      description: issue.description,
    })),
    checks: result.globalChecks + result.atomicChecks,
    errors: result.errors,
    blockedRequests: blockedRequests.slice(before),
  };
}
