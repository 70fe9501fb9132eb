// Renders assets/icons/src/*.svg into every tray and app icon the app ships, then writes the ICO and
// ICNS containers by hand (both are a small header plus PNG entries). The output is committed; run this
// after editing a source and commit the result. It is deterministic: no timestamps, fixed entry order,
// so `test/unit/icons.test.ts` can regenerate into a temp dir and demand identical bytes.
//
//   node scripts/generate-icons.mjs [--out <dir>]     (default: assets/icons)
//
// Names written here are the names app/tray/tray-icon.ts returns; the test checks both agree.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { Buffer } from 'node:buffer';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = join(ROOT, 'assets', 'icons', 'src');

const STATUSES = ['online', 'limited', 'offline', 'checking', 'paused'];

/**
 * Badge and glyph colours per panel theme. A light panel gets deep fills with white glyphs; a dark panel
 * gets bright fills with near-black glyphs, so the badge stands out from the panel and the glyph from the
 * badge either way. Amber keeps a dark glyph on both (white on amber is unreadable).
 */
const PALETTES = {
  light: {
    online: ['#1E8E3E', '#FFFFFF'],
    limited: ['#F9AB00', '#202124'],
    offline: ['#D93025', '#FFFFFF'],
    checking: ['#6B7075', '#FFFFFF'],
    paused: ['#6B7075', '#FFFFFF'],
  },
  dark: {
    online: ['#4CC764', '#141414'],
    limited: ['#FFC233', '#141414'],
    offline: ['#FF6159', '#141414'],
    checking: ['#B4B8BD', '#141414'],
    paused: ['#B4B8BD', '#141414'],
  },
};

const LINUX_TRAY_SIZES = [16, 22, 24, 32, 48];
const WIN_TRAY_SIZES = [16, 24, 32, 48, 256];
const MAC_TRAY_SIZES = [
  ['', 16],
  ['@2x', 32],
];
/** Named NxN.png so electron-builder's `linux.icon: assets/icons/linux` picks them up as the app icon set. */
const APP_PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const APP_ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS element types with PNG payloads, in the order iconutil writes them. */
const ICNS_ENTRIES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];

function svgBody(svg) {
  const match = /<svg[^>]*>([\s\S]*)<\/svg>\s*$/.exec(svg);
  if (!match) throw new Error('not an <svg> document');
  return match[1];
}

/** A tray source recoloured by a style sheet: CSS outranks the presentation attributes the source carries. */
function colouredTray(body, badge, glyph) {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
    `<style>.badge{fill:${badge};stroke:${badge}}.glyph{fill:${glyph};stroke:${glyph}}</style>${body}</svg>`
  );
}

/** macOS template image: black badge, glyph knocked out to transparent; the system tints it. */
function templateTray(body) {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
    `<style>.badge{fill:#FFFFFF;stroke:#FFFFFF}.glyph{fill:#000000;stroke:#000000}</style>` +
    `<mask id="knockout" maskUnits="userSpaceOnUse" x="0" y="0" width="32" height="32">${body}</mask>` +
    `<rect width="32" height="32" fill="#000000" mask="url(#knockout)"/></svg>`
  );
}

function render(svg, size) {
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } });
  const png = resvg.render().asPng();
  return Buffer.from(png);
}

/** ICO: ICONDIR (6 bytes) + one ICONDIRENTRY (16 bytes) per image + the PNGs. A width of 0 means 256. */
export function icoFile(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map(({ png }) => png)]);
}

/** ICNS: 'icns' + total length (big-endian), then per element: type, length including its 8-byte header, data. */
export function icnsFile(entries) {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

export async function generateIcons(outDir) {
  const files = new Map();
  const put = (path, bytes) => files.set(path, bytes);

  for (const status of STATUSES) {
    const body = svgBody(await readFile(join(SOURCES, `${status}.svg`), 'utf8'));
    for (const theme of ['light', 'dark']) {
      const [badge, glyph] = PALETTES[theme][status];
      const svg = colouredTray(body, badge, glyph);
      for (const size of LINUX_TRAY_SIZES) put(`linux/${status}-${theme}-${size}.png`, render(svg, size));
      put(
        `win/${status}-${theme}.ico`,
        icoFile(WIN_TRAY_SIZES.map((size) => ({ size, png: render(svg, size) }))),
      );
    }
    const template = templateTray(body);
    for (const [suffix, size] of MAC_TRAY_SIZES)
      put(`mac/${status}Template${suffix}.png`, render(template, size));
  }

  const app = await readFile(join(SOURCES, 'app.svg'), 'utf8');
  const appPng = new Map();
  const appAt = (size) => {
    if (!appPng.has(size)) appPng.set(size, render(app, size));
    return appPng.get(size);
  };
  for (const size of APP_PNG_SIZES) put(`linux/${size}x${size}.png`, appAt(size));
  put('win/app.ico', icoFile(APP_ICO_SIZES.map((size) => ({ size, png: appAt(size) }))));
  put('mac/app.icns', icnsFile(ICNS_ENTRIES.map(([type, size]) => ({ type, png: appAt(size) }))));

  for (const [path, bytes] of files) {
    const target = join(outDir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  return [...files.keys()].sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outFlag = process.argv.indexOf('--out');
  if (outFlag !== -1 && !process.argv[outFlag + 1]) {
    console.error('generate-icons: --out needs a directory');
    process.exit(64);
  }
  const outDir = outFlag === -1 ? join(ROOT, 'assets', 'icons') : resolve(process.argv[outFlag + 1]);
  const written = await generateIcons(outDir);
  console.log(`generate-icons: wrote ${written.length} files to ${outDir}`);
}
