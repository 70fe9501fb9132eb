/** Loaded only for `--version`, so no other run pays for reading package.json. */
export async function readVersion(): Promise<string> {
  const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
  return pkg.version;
}
