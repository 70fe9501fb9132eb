import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyConnectError, connectErrorOutcomes } from '../../app/probes/error-table.js';
import type { TcpOutcome } from '../../app/probes/types.js';

// The table as the brief lists it, written out a second time so a changed entry shows up here.
const expected: ReadonlyArray<readonly [string, TcpOutcome]> = [
  ['ECONNREFUSED', 'refused'],
  ['ECONNRESET', 'refused'],
  ['ETIMEDOUT', 'timeout'],
  ['ENETUNREACH', 'network-unreachable'],
  ['ENETDOWN', 'network-unreachable'],
  ['ENETRESET', 'network-unreachable'],
  ['EHOSTUNREACH', 'host-unreachable'],
  ['EHOSTDOWN', 'host-unreachable'],
  ['EACCES', 'rejected'],
  ['EPERM', 'rejected'],
  ['EADDRNOTAVAIL', 'local-error'],
  ['EADDRINUSE', 'local-error'],
  ['ECONNABORTED', 'local-error'],
  ['EAFNOSUPPORT', 'local-error'],
  ['EPROTO', 'local-error'],
  ['ENOBUFS', 'local-error'],
  ['EMFILE', 'local-error'],
  ['ENFILE', 'local-error'],
  ['EINVAL', 'local-error'],
  ['WSAECONNREFUSED', 'refused'],
  ['WSAECONNRESET', 'refused'],
  ['WSAETIMEDOUT', 'timeout'],
  ['WSAENETUNREACH', 'network-unreachable'],
  ['WSAENETDOWN', 'network-unreachable'],
  ['WSAEHOSTUNREACH', 'host-unreachable'],
  ['WSAEHOSTDOWN', 'host-unreachable'],
  ['WSAEACCES', 'rejected'],
  ['WSAEADDRNOTAVAIL', 'local-error'],
];

const winsockNumbers: ReadonlyArray<readonly [number, TcpOutcome]> = [
  [10061, 'refused'],
  [10054, 'refused'],
  [10060, 'timeout'],
  [10051, 'network-unreachable'],
  [10050, 'network-unreachable'],
  [10065, 'host-unreachable'],
  [10064, 'host-unreachable'],
  [10013, 'rejected'],
  [10049, 'local-error'],
];

test('classifies every required OS and Winsock error name as listed', () => {
  for (const [code, outcome] of expected) {
    assert.equal(classifyConnectError(code), outcome, code);
  }
});

test('classifies Winsock error numbers given as numbers and as strings', () => {
  for (const [code, outcome] of winsockNumbers) {
    assert.equal(classifyConnectError(code), outcome, `${code} as number`);
    assert.equal(classifyConnectError(String(code)), outcome, `${code} as string`);
  }
});

test('gives each Winsock number the same outcome as its Winsock name', () => {
  const pairs: ReadonlyArray<readonly [string, number]> = [
    ['WSAECONNREFUSED', 10061],
    ['WSAECONNRESET', 10054],
    ['WSAETIMEDOUT', 10060],
    ['WSAENETUNREACH', 10051],
    ['WSAENETDOWN', 10050],
    ['WSAENETRESET', 10052],
    ['WSAEHOSTUNREACH', 10065],
    ['WSAEHOSTDOWN', 10064],
    ['WSAEACCES', 10013],
    ['WSAEADDRNOTAVAIL', 10049],
    ['WSAEADDRINUSE', 10048],
    ['WSAECONNABORTED', 10053],
    ['WSAEAFNOSUPPORT', 10047],
    ['WSAENOBUFS', 10055],
    ['WSAEMFILE', 10024],
    ['WSAEINVAL', 10022],
  ];
  for (const [name, number] of pairs) {
    assert.equal(connectErrorOutcomes[String(number)], connectErrorOutcomes[name], `${name} / ${number}`);
    // Each Winsock name is the POSIX name with a WSA prefix and must agree with it.
    assert.equal(connectErrorOutcomes[name], connectErrorOutcomes[name.slice(3)], name);
  }
});

test('classifies every entry of the table as the table lists it', () => {
  for (const [code, outcome] of Object.entries(connectErrorOutcomes)) {
    assert.equal(classifyConnectError(code), outcome, code);
  }
});

test('reaches every failure outcome from the table and never claims connected', () => {
  const reachable = new Set(Object.values(connectErrorOutcomes));
  const failures: readonly TcpOutcome[] = [
    'refused',
    'timeout',
    'network-unreachable',
    'host-unreachable',
    'rejected',
    'local-error',
  ];
  assert.deepEqual([...reachable].sort(), [...failures].sort());
});

test('treats unknown, missing and prototype-named codes as a local error', () => {
  assert.equal(classifyConnectError('EWHATEVER'), 'local-error');
  assert.equal(classifyConnectError(-4078), 'local-error');
  assert.equal(classifyConnectError(undefined), 'local-error');
  assert.equal(classifyConnectError('toString'), 'local-error');
  assert.equal(classifyConnectError('constructor'), 'local-error');
});

test('cannot be changed at run time', () => {
  assert.ok(Object.isFrozen(connectErrorOutcomes));
});
