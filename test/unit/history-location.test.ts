import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultHistoryPath } from '../../app/history/location.js';

test('Linux uses $XDG_DATA_HOME when it is an absolute path', () => {
  assert.equal(
    defaultHistoryPath('linux', { XDG_DATA_HOME: '/data/me' }, '/home/me'),
    '/data/me/internet-conn/history.sqlite',
  );
});

test('Linux falls back to ~/.local/share when XDG_DATA_HOME is unset, empty or relative', () => {
  for (const env of [{}, { XDG_DATA_HOME: '' }, { XDG_DATA_HOME: 'relative/dir' }]) {
    assert.equal(
      defaultHistoryPath('linux', env, '/home/me'),
      '/home/me/.local/share/internet-conn/history.sqlite',
    );
  }
  assert.equal(
    defaultHistoryPath('freebsd', {}, '/home/me'),
    '/home/me/.local/share/internet-conn/history.sqlite',
  );
});

test('macOS uses ~/Library/Application Support and ignores XDG', () => {
  assert.equal(
    defaultHistoryPath('darwin', { XDG_DATA_HOME: '/x' }, '/Users/me'),
    '/Users/me/Library/Application Support/internet-conn/history.sqlite',
  );
});

test('Windows uses %APPDATA%, or AppData\\Roaming under the home directory when it is unset', () => {
  assert.equal(
    defaultHistoryPath('win32', { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'C:\\Users\\me'),
    'C:\\Users\\me\\AppData\\Roaming\\internet-conn\\history.sqlite',
  );
  assert.equal(
    defaultHistoryPath('win32', {}, 'C:\\Users\\me'),
    'C:\\Users\\me\\AppData\\Roaming\\internet-conn\\history.sqlite',
  );
});
