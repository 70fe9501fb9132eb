/**
 * A test's reason to skip, passed through, except in CI (`CI=true`): .ci/run installs every
 * prerequisite, so a missing one there is a broken install, and skipping would hide it behind green.
 */
export function requiredInCi<T extends string | null | false>(reason: T): T {
  if (reason && process.env['CI'] === 'true') throw new Error(`${reason} (CI must run this test)`);
  return reason;
}
