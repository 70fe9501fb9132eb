// electron-builder.yml cannot be exercised on CI (packaging downloads Electron), so it is kept valid
// against electron-builder's own schema, and every file it points at is checked to exist and be what
// its name says.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { APP_USER_MODEL_ID } from '../../app/notify/policy.js';

// Both come with electron-builder (app-builder-lib validates its configuration with the same Ajv).
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
type AjvError = { instancePath: string; message?: string; params: unknown };
type ValidateFunction = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
const Ajv = require('ajv') as new (options: Record<string, unknown>) => {
  compile(schema: unknown): ValidateFunction;
};

interface BuilderConfig {
  appId: string;
  files: string[];
  directories: { buildResources: string };
  linux: { icon: string };
  win: { icon: string };
  mac: { icon: string; extendInfo: Record<string, unknown> };
  [key: string]: unknown;
}

const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, logger: false }).compile(
  JSON.parse(readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8')),
);
const problems = (data: unknown): string[] =>
  validate(data)
    ? []
    : (validate.errors ?? []).map(
        (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
      );

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's schema", () => {
    assert.deepEqual(problems(config), []);
  });

  it('would be caught by the schema check if a key were misspelt (the check is not blind)', () => {
    assert.notDeepEqual(problems({ ...config, linux: { ...config.linux, icn: 'assets/icons/linux' } }), []);
    assert.notDeepEqual(problems({ ...config, appID: config.appId }), []);
  });

  it('names the Windows toast identity the app sets (AppUserModelID)', () => {
    assert.equal(config.appId, APP_USER_MODEL_ID);
  });

  it('keeps the macOS app out of the Dock (tray only)', () => {
    assert.equal(config.mac.extendInfo['LSUIElement'], true);
  });

  it('points at a Linux icon set of NxN.png files up to 512 px', () => {
    const dir = config.linux.icon;
    assert.ok(statSync(dir).isDirectory(), dir);
    const sizes = readdirSync(dir)
      .map((name) => /^(\d+)x\1\.png$/.exec(name)?.[1])
      .filter((size): size is string => size !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    assert.ok(sizes.includes(256) && sizes.includes(512), `sizes ${sizes.join(', ')}`);
    for (const size of sizes)
      assert.ok(isPng(join(dir, `${size}x${size}.png`)), `${size}x${size}.png is a PNG`);
  });

  it('points at a Windows .ico and a macOS .icns that exist and are what they say', () => {
    const ico = readFileSync(config.win.icon);
    assert.deepEqual([...ico.subarray(0, 4)], [0, 0, 1, 0], `${config.win.icon} starts like an ICO`);
    const icns = readFileSync(config.mac.icon);
    assert.equal(icns.subarray(0, 4).toString('latin1'), 'icns', `${config.mac.icon} starts like an ICNS`);
    assert.ok(existsSync(config.directories.buildResources));
  });

  it('packs the bundled main process that package.json names as the entry', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string };
    assert.equal(pkg.main, 'dist/main/main.cjs');
    assert.ok(config.files.includes('dist/**/*'), 'dist/ is packed');
  });
});

function isPng(path: string): boolean {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return readFileSync(path)
    .subarray(0, 8)
    .every((byte, index) => byte === signature[index]);
}
