import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { ICON_THEMES, LINUX_TRAY_SIZES, TRAY_STATUSES, trayIconFor } from '../../app/tray/tray-icon.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ICONS = join(ROOT, 'assets', 'icons');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): { width: number; height: number } {
  assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR', 'first chunk is IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** RGBA pixels of an 8-bit RGBA, non-interlaced PNG (what resvg writes), undoing the row filters. */
function rgba(png: Buffer): { width: number; pixels: Buffer } {
  const { width, height } = pngSize(png);
  assert.equal(png[24], 8, 'bit depth');
  assert.equal(png[25], 6, 'colour type RGBA');
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= 4 ? (pixels[y * stride + x - 4] ?? 0) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= 4 && y > 0 ? (pixels[(y - 1) * stride + x - 4] ?? 0) : 0;
      const paeth = (): number => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, paeth()][filter ?? 0] ?? 0;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, pixels };
}

function icoEntries(ico: Buffer): { size: number; png: Buffer }[] {
  assert.equal(ico.readUInt16LE(0), 0, 'ICO reserved');
  assert.equal(ico.readUInt16LE(2), 1, 'ICO type is icon');
  const count = ico.readUInt16LE(4);
  assert.ok(count > 0);
  const entries = [];
  for (let i = 0; i < count; i += 1) {
    const entry = 6 + 16 * i;
    const size = ico[entry] === 0 ? 256 : (ico[entry] ?? -1);
    assert.equal(ico[entry + 1] === 0 ? 256 : ico[entry + 1], size, 'square');
    assert.equal(ico.readUInt16LE(entry + 4), 1, 'planes');
    assert.equal(ico.readUInt16LE(entry + 6), 32, 'bits per pixel');
    const length = ico.readUInt32LE(entry + 8);
    const offset = ico.readUInt32LE(entry + 12);
    assert.ok(offset + length <= ico.length, 'entry inside the file');
    const png = ico.subarray(offset, offset + length);
    assert.deepEqual(pngSize(png), { width: size, height: size });
    entries.push({ size, png });
  }
  return entries;
}

const ICNS_SIZES: Record<string, number> = {
  icp4: 16,
  icp5: 32,
  ic11: 32,
  ic12: 64,
  ic07: 128,
  ic13: 256,
  ic08: 256,
  ic14: 512,
  ic09: 512,
  ic10: 1024,
};

const read = (path: string): Buffer => readFileSync(join(ICONS, path));
const platforms: readonly NodeJS.Platform[] = ['darwin', 'win32', 'linux'];
const scales = [1, 1.25, 1.5, 1.75, 2, 2.5, 3];

test('every tray icon the presenter can return exists with the right format and size', () => {
  const seen = new Set<string>();
  for (const status of TRAY_STATUSES) {
    for (const platform of platforms) {
      for (const theme of ICON_THEMES) {
        for (const scale of scales) {
          const icon = trayIconFor(status, platform, theme, scale);
          if (seen.has(icon.path)) continue;
          seen.add(icon.path);
          assert.ok(existsSync(join(ICONS, icon.path)), `${icon.path} exists`);
          if (platform === 'darwin') {
            assert.deepEqual(pngSize(read(icon.path)), { width: 16, height: 16 }, icon.path);
            const retina = icon.path.replace('.png', '@2x.png');
            assert.deepEqual(pngSize(read(retina)), { width: 32, height: 32 }, retina);
          } else if (platform === 'win32') {
            assert.deepEqual(
              icoEntries(read(icon.path)).map((e) => e.size),
              [16, 24, 32, 48, 256],
            );
          } else {
            const size = Number(/-(\d+)\.png$/.exec(icon.path)?.[1]);
            assert.deepEqual(pngSize(read(icon.path)), { width: size, height: size }, icon.path);
          }
        }
      }
    }
  }
  // 5 statuses × (mac 1 + win 2 themes + linux 2 themes × reachable sizes).
  assert.ok(seen.size >= TRAY_STATUSES.length * 5);
});

test('every Linux tray size exists for every status and panel theme', () => {
  for (const status of TRAY_STATUSES) {
    for (const theme of ICON_THEMES) {
      for (const size of LINUX_TRAY_SIZES) {
        const path = `linux/${status}-${theme}-${size}.png`;
        assert.deepEqual(pngSize(read(path)), { width: size, height: size }, path);
      }
    }
  }
});

test('macOS template images are black with alpha only, so the system can tint them', () => {
  for (const status of TRAY_STATUSES) {
    for (const name of [`mac/${status}Template.png`, `mac/${status}Template@2x.png`]) {
      const { pixels } = rgba(read(name));
      let opaque = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if ((pixels[i + 3] ?? 0) === 0) continue;
        opaque += 1;
        assert.deepEqual([pixels[i], pixels[i + 1], pixels[i + 2]], [0, 0, 0], `${name} pixel ${i / 4}`);
      }
      assert.ok(opaque > pixels.length / 4 / 4, `${name} draws something`);
    }
  }
});

test('each status draws a different picture, and in monochrome a different shape', () => {
  for (const variant of ['linux/%-light-16.png', 'linux/%-dark-22.png', 'mac/%Template.png']) {
    const images = TRAY_STATUSES.map((status) => rgba(read(variant.replace('%', status))).pixels);
    assert.equal(new Set(images.map((pixels) => pixels.toString('hex'))).size, TRAY_STATUSES.length, variant);
  }
  // A template image is tinted by the system: its alpha channel is all there is to tell statuses apart.
  const masks = TRAY_STATUSES.map((status) =>
    Buffer.from(rgba(read(`mac/${status}Template.png`)).pixels.filter((_, i) => i % 4 === 3)).toString('hex'),
  );
  assert.equal(new Set(masks).size, TRAY_STATUSES.length);
});

test('the Windows icons differ between light and dark taskbars', () => {
  for (const status of TRAY_STATUSES) {
    assert.ok(!read(`win/${status}-light.ico`).equals(read(`win/${status}-dark.ico`)), status);
  }
});

test('the app icon exists as a Linux PNG set, a Windows ICO and a macOS ICNS', () => {
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
    assert.deepEqual(pngSize(read(`linux/${size}x${size}.png`)), { width: size, height: size });
  }
  assert.deepEqual(
    icoEntries(read('win/app.ico')).map((e) => e.size),
    [16, 24, 32, 48, 64, 128, 256],
  );

  const icns = read('mac/app.icns');
  assert.equal(icns.toString('latin1', 0, 4), 'icns');
  assert.equal(icns.readUInt32BE(4), icns.length, 'ICNS length covers the whole file');
  const types: string[] = [];
  for (let at = 8; at < icns.length;) {
    const type = icns.toString('latin1', at, at + 4);
    const length = icns.readUInt32BE(at + 4);
    assert.ok(length > 8 && at + length <= icns.length, `${type} length`);
    const size = ICNS_SIZES[type];
    assert.ok(size !== undefined, `known PNG element type ${type}`);
    assert.deepEqual(pngSize(icns.subarray(at + 8, at + length)), { width: size, height: size }, type);
    types.push(type);
    at += length;
  }
  assert.deepEqual(new Set(types), new Set(Object.keys(ICNS_SIZES)));
});

test('the paths electron-builder.yml names exist', () => {
  const yml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
  for (const match of yml.matchAll(/^\s*icon: (\S+)$/gm)) {
    assert.ok(existsSync(join(ROOT, match[1] ?? '')), match[1]);
  }
});

test('regenerating the icons reproduces the committed files byte for byte', () => {
  const out = mkdtempSync(join(tmpdir(), 'icons-'));
  try {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'generate-icons.mjs'), '--out', out], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    const generated = listFiles(out);
    const committed = listFiles(ICONS).filter((path) => !path.startsWith('src/'));
    assert.deepEqual(committed, generated, 'no stale or missing generated files');
    for (const path of generated) {
      assert.ok(readFileSync(join(out, path)).equals(read(path)), `${path} is identical`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the generator refuses --out without a directory', () => {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'generate-icons.mjs'), '--out'], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 64);
  assert.match(result.stderr, /--out needs a directory/);
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}
