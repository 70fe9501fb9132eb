import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  autostartDesktopEntry,
  autostartPath,
  disableAutostart,
  enableAutostart,
  isAutostartEnabled,
  quoteExecArgument,
} from '../../app/tray/autostart-linux.js';

/**
 * A reader written from the Desktop Entry spec, independent of the writer: undo the string escapes
 * first, then split the Exec value into arguments honouring double quotes and their backslash escapes.
 */
function readExec(desktopFile: string): string[] {
  const line = desktopFile.split('\n').find((l) => l.startsWith('Exec='));
  assert.ok(line, 'has an Exec line');
  const stringEscapes: Record<string, string> = { s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\' };
  const value = line.slice('Exec='.length).replace(/\\(.)/g, (whole, c: string) => stringEscapes[c] ?? whole);
  const args: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i] as string;
    if (inQuotes) {
      if (c === '\\') current += value[++i] ?? '';
      else if (c === '"') inQuotes = false;
      else current += c;
    } else if (c === '"') {
      inQuotes = true;
      started = true;
    } else if (c === ' ') {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) args.push(current);
  return args.map((a) => a.replaceAll('%%', '%'));
}

test('writes a complete autostart entry for a plain path', () => {
  const text = autostartDesktopEntry({ executable: '/opt/internet-conn/internet-conn', args: ['--hidden'] });
  assert.equal(
    text,
    [
      '[Desktop Entry]',
      'Type=Application',
      'Name=internet-conn',
      'Comment=Shows whether this computer is online, and why not',
      'Exec=/opt/internet-conn/internet-conn --hidden',
      'Icon=internet-conn',
      'Terminal=false',
      'X-GNOME-Autostart-enabled=true',
      '',
    ].join('\n'),
  );
});

const awkwardPaths = [
  '/home/ana maria/Applications/internet-conn.AppImage',
  '/home/o\'brien/apps/internet "conn"/run',
  '/tmp/back\\slash/$HOME/`id`/app',
  '/tmp/100%/%u/app',
  '/tmp/semi;colon&amp|pipe>gt<lt~tilde*star?q#hash(paren)/app',
  '/tmp/tab\there/app',
  '/tmp/new\nline/app',
];

for (const path of awkwardPaths) {
  test(`escapes ${JSON.stringify(path)} so a spec reader gets the path back`, () => {
    const text = autostartDesktopEntry({ executable: path, args: ['--hidden', '50%'] });
    assert.equal(text.split('\n').filter((l) => l.startsWith('Exec=')).length, 1, 'Exec stays on one line');
    assert.deepEqual(readExec(text), [path, '--hidden', '50%']);
  });
}

test('quotes per the spec: reserved characters quoted, backslash four-fold in the file, % doubled', () => {
  assert.equal(quoteExecArgument('/usr/bin/app'), '/usr/bin/app');
  assert.equal(quoteExecArgument('/a b/app'), '"/a b/app"');
  assert.equal(quoteExecArgument('/a$b/app'), '"/a\\$b/app"');
  assert.equal(quoteExecArgument('/100%/app'), '/100%%/app');
  assert.equal(quoteExecArgument(''), '""');
  const line = autostartDesktopEntry({ executable: '/a\\b/app' })
    .split('\n')
    .find((l) => l.startsWith('Exec='));
  assert.equal(line, 'Exec="/a\\\\\\\\b/app"');
});

test('refuses a relative executable, naming it', () => {
  assert.throws(() => autostartDesktopEntry({ executable: 'internet-conn' }), /"internet-conn"/);
});

test('places the entry under XDG_CONFIG_HOME, else ~/.config, ignoring a relative XDG_CONFIG_HOME', () => {
  assert.equal(
    autostartPath({ XDG_CONFIG_HOME: '/cfg', HOME: '/home/u' }),
    '/cfg/autostart/internet-conn.desktop',
  );
  assert.equal(autostartPath({ HOME: '/home/u' }), '/home/u/.config/autostart/internet-conn.desktop');
  assert.equal(
    autostartPath({ XDG_CONFIG_HOME: '', HOME: '/home/u' }),
    '/home/u/.config/autostart/internet-conn.desktop',
  );
  assert.equal(
    autostartPath({ XDG_CONFIG_HOME: 'relative/cfg', HOME: '/home/u' }),
    '/home/u/.config/autostart/internet-conn.desktop',
  );
  assert.throws(() => autostartPath({ XDG_CONFIG_HOME: 'rel' }), /XDG_CONFIG_HOME is "rel" and HOME is null/);
});

test('enable writes the entry (creating the autostart directory) and disable removes it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'autostart-'));
  try {
    const path = autostartPath({ XDG_CONFIG_HOME: dir });
    assert.equal(await isAutostartEnabled(path), false);
    await enableAutostart(path, { executable: '/opt/a b/app', args: ['--hidden'] });
    assert.equal(await isAutostartEnabled(path), true);
    assert.deepEqual(readExec(readFileSync(path, 'utf8')), ['/opt/a b/app', '--hidden']);
    assert.equal(statSync(path).mode & 0o777, 0o644);
    assert.deepEqual(readdirSync(join(dir, 'autostart')), ['internet-conn.desktop'], 'no temp file left');

    await enableAutostart(path, { executable: '/opt/new/app' });
    assert.deepEqual(readExec(readFileSync(path, 'utf8')), ['/opt/new/app'], 'enable again replaces');

    await disableAutostart(path);
    assert.equal(await isAutostartEnabled(path), false);
    await disableAutostart(path); // already off: still fine
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an entry switched off by the desktop settings tool counts as disabled', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'autostart-'));
  try {
    const path = join(dir, 'internet-conn.desktop');
    const base = autostartDesktopEntry({ executable: '/opt/app' });
    writeFileSync(path, base.replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    assert.equal(await isAutostartEnabled(path), false);
    writeFileSync(path, `${base}Hidden=true\n`);
    assert.equal(await isAutostartEnabled(path), false);
    writeFileSync(path, base);
    assert.equal(await isAutostartEnabled(path), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
