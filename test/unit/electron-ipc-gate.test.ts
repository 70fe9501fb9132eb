// The one gate every IPC call from the status window passes (app/electron-policy/ipc-dispatch.ts), run
// against the real core API (real monitor runtime and SQLite, scripted check: nothing leaves the machine).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API_CHANNELS, type ApiEventMap } from '../../app/api/contract.js';
import {
  dispatchIpc,
  forwardApiEvents,
  IPC_INVOKE_CHANNELS,
  IPC_OPERATIONS,
  operationForChannel,
  type IpcRequest,
  type IpcSender,
} from '../../app/electron-policy/ipc-dispatch.js';
import {
  API_EVENT_NAMES,
  eventPayloadFor,
  isApiEventName,
  unwrapIpcReply,
  type ApiEventMessage,
  type IpcReply,
} from '../../app/electron-policy/ipc-messages.js';
import { OFFLINE_REPORT } from '../fixtures/check-reports.js';
import { LAB_SETTINGS, openApiRig, waitFor, type ApiRig } from '../helpers/api-runtime.js';

const NOW = 1_750_000_000_000;
const OUR_PAGE: IpcSender = { frameUrl: 'app://internet-conn/index.html', isTopFrame: true };

const request = (channel: string, args: readonly unknown[], sender: IpcSender = OUR_PAGE): IpcRequest => ({
  channel,
  args,
  sender,
});

function refusal(reply: IpcReply): { kind: string; message: string } {
  assert.equal(reply.ok, false, `expected a refusal, got ${JSON.stringify(reply)}`);
  if (reply.ok) throw new Error('unreachable');
  return reply.error;
}

describe('IPC gate', () => {
  let rig: ApiRig;
  before(async () => {
    rig = await openApiRig({ now: () => NOW });
  });
  after(async () => {
    await rig.close();
  });

  it('registers exactly the API_CHANNELS of every operation but the event stream', () => {
    const expected = Object.entries(API_CHANNELS)
      .filter(([name]) => name !== 'event')
      .map(([, channel]) => channel)
      .sort();
    assert.deepEqual([...IPC_INVOKE_CHANNELS].sort(), expected);
    for (const operation of IPC_OPERATIONS)
      assert.equal(operationForChannel(API_CHANNELS[operation]), operation);
    assert.equal(operationForChannel(API_CHANNELS.event), null);
  });

  const unknownChannels: readonly [string, unknown][] = [
    ['the event channel (main sends on it, never answers it)', API_CHANNELS.event],
    ['a made-up channel', 'api:shutdown'],
    ['an operation name instead of its channel', 'getSnapshot'],
    ['a channel with trailing space', `${API_CHANNELS.getSnapshot} `],
    ['an electron internal channel', 'ELECTRON_BROWSER_REQUIRE'],
    ['an empty name', ''],
  ];
  for (const [what, channel] of unknownChannels) {
    it(`refuses ${what} as unknown-channel`, async () => {
      const reply = await dispatchIpc(rig.api, request(channel as string, []), () => NOW);
      const error = refusal(reply);
      assert.equal(error.kind, 'unknown-channel');
      assert.match(error.message, /is not a status API channel/);
    });
  }

  const foreignSenders: readonly [string, IpcSender][] = [
    ['a subframe showing our own page', { frameUrl: 'app://internet-conn/index.html', isTopFrame: false }],
    ['our window navigated to a web site', { frameUrl: 'https://evil.example/', isTopFrame: true }],
    ['a file:// page', { frameUrl: 'file:///work/main/dist/renderer/index.html', isTopFrame: true }],
    ['a look-alike host', { frameUrl: 'app://internet-conn.evil/index.html', isTopFrame: true }],
    ['our host on another scheme', { frameUrl: 'https://internet-conn/index.html', isTopFrame: true }],
    ['our host with a port', { frameUrl: 'app://internet-conn:8080/index.html', isTopFrame: true }],
    ['our origin with credentials', { frameUrl: 'app://user:pw@internet-conn/index.html', isTopFrame: true }],
    ['a frame that no longer exists', { frameUrl: null, isTopFrame: true }],
    ['about:blank', { frameUrl: 'about:blank', isTopFrame: true }],
    ['a data: URL', { frameUrl: 'data:text/html,<script>1</script>', isTopFrame: true }],
  ];
  for (const [what, sender] of foreignSenders) {
    it(`refuses a pause from ${what}, and the monitor is not paused`, async () => {
      const reply = await dispatchIpc(rig.api, request(API_CHANNELS.pause, [null], sender), () => NOW);
      const error = refusal(reply);
      assert.equal(error.kind, 'forbidden-sender');
      assert.match(error.message, /only the status window's own page/);
      assert.notEqual((await rig.api.getSnapshot()).status, 'paused');
    });
  }

  const malformed: readonly [string, string, readonly unknown[], RegExp][] = [
    [
      'getSnapshot with an argument',
      API_CHANNELS.getSnapshot,
      ['24h'],
      /getSnapshot takes no arguments, got 1: \["24h"\]/,
    ],
    [
      'getHistory without a range',
      API_CHANNELS.getHistory,
      [],
      /getHistory takes 1 argument \(range\), got 0/,
    ],
    [
      'getHistory with an unknown range',
      API_CHANNELS.getHistory,
      ['1y'],
      /range "1y" is not one of 24h, 7d, 30d/,
    ],
    ['getHistory with a number', API_CHANNELS.getHistory, [24], /range 24 is not one of/],
    [
      'getOutages with two ranges',
      API_CHANNELS.getOutages,
      ['24h', '7d'],
      /takes 1 argument \(range\), got 2/,
    ],
    [
      'exportHistory with an unknown format',
      API_CHANNELS.exportHistory,
      ['checks', 'xml', '24h'],
      /format "xml" is not one of csv, json/,
    ],
    ['exportHistory with arguments missing', API_CHANNELS.exportHistory, ['checks'], /takes 3 arguments/],
    ['pause with a past time', API_CHANNELS.pause, [NOW - 1000], /is not in the future/],
    ['pause with a string', API_CHANNELS.pause, ['1h'], /untilMs "1h" is not a time/],
    ['pause with Infinity', API_CHANNELS.pause, [Infinity], /untilMs Infinity is not a time/],
    ['updateSettings with an array', API_CHANNELS.updateSettings, [[1, 2]], /settings must be an object/],
    [
      'updateSettings with an extra key',
      API_CHANNELS.updateSettings,
      [{ ...LAB_SETTINGS, evil: true }],
      /settings: unknown key "evil"/,
    ],
    ['updateSettings with nothing', API_CHANNELS.updateSettings, [], /takes 1 argument \(settings\), got 0/],
  ];
  for (const [what, channel, args, message] of malformed) {
    it(`refuses ${what} as bad-request, naming the bad value`, async () => {
      const error = refusal(await dispatchIpc(rig.api, request(channel, args), () => NOW));
      assert.equal(error.kind, 'bad-request');
      assert.match(error.message, message);
    });
  }

  it('runs a well-formed call from our page and replies with plain data', async () => {
    const reply = await dispatchIpc(rig.api, request(API_CHANNELS.getSnapshot, []), () => NOW);
    assert.equal(reply.ok, true);
    const snapshot = unwrapIpcReply(reply) as { status: string };
    assert.equal(snapshot.status, 'checking');
    assert.deepEqual(JSON.parse(JSON.stringify(reply)), reply, 'the reply survives JSON unchanged');

    // Until resumed: the rig's API clock is fixed (NOW) while the monitor keeps the wall clock, and a
    // timed pause must be in the monitor's future yet within 7 days of the API's now.
    const paused = await dispatchIpc(rig.api, request(API_CHANNELS.pause, [null]));
    assert.equal((unwrapIpcReply(paused) as { status: string }).status, 'paused');
    const resumed = await dispatchIpc(rig.api, request(API_CHANNELS.resume, []));
    assert.notEqual((unwrapIpcReply(resumed) as { status: string }).status, 'paused');
  });

  it('answers invalid setting values with the form errors, not an exception', async () => {
    const reply = await dispatchIpc(
      rig.api,
      request(API_CHANNELS.updateSettings, [{ ...LAB_SETTINGS, targets: ['example.com:443'] }]),
      () => NOW,
    );
    const value = unwrapIpcReply(reply) as { ok: boolean; errors: Record<string, string> };
    assert.equal(value.ok, false);
    assert.match(value.errors['targets.0'] ?? '', /must be an IP address/);
  });

  it('turns a failing operation into a failed reply with its message and no stack', async () => {
    const broken = {
      ...rig.api,
      getSnapshot: async () => {
        throw new Error('database is locked');
      },
    };
    const error = refusal(await dispatchIpc(broken, request(API_CHANNELS.getSnapshot, []), () => NOW));
    assert.deepEqual(error, { kind: 'failed', message: 'getSnapshot failed: database is locked' });
    assert.doesNotMatch(JSON.stringify(error), /\n\s+at /);
  });
});

describe('IPC messages on the preload side', () => {
  it("hands back a value and turns an error reply into an Error with main's message only", () => {
    assert.equal(unwrapIpcReply({ ok: true, value: 42 }), 42);
    assert.throws(
      () =>
        unwrapIpcReply({
          ok: false,
          error: { kind: 'bad-request', message: 'range "1y" is not one of 24h' },
        }),
      { name: 'ApiRequestError', message: 'range "1y" is not one of 24h' },
    );
    assert.throws(() => unwrapIpcReply(undefined), /reply the window does not understand/);
  });

  it('delivers an event message only to listeners of that event', () => {
    const message: ApiEventMessage = { event: 'diagnosis-changed', payload: { causes: [] } };
    assert.deepEqual(eventPayloadFor(message, 'diagnosis-changed'), { causes: [] });
    assert.equal(eventPayloadFor(message, 'status-changed'), undefined);
    assert.equal(eventPayloadFor('diagnosis-changed', 'diagnosis-changed'), undefined);
    assert.equal(eventPayloadFor(null, 'diagnosis-changed'), undefined);
    assert.ok(isApiEventName('check-completed'));
    assert.ok(!isApiEventName('toString'));
  });

  it('forwards every API event as one message and stops on unsubscribe', async () => {
    const rig = await openApiRig({ report: OFFLINE_REPORT });
    try {
      const sent: ApiEventMessage[] = [];
      const stop = forwardApiEvents(rig.api, (message) => sent.push(message));
      rig.runtime.start();
      await waitFor<ApiEventMap['status-changed']>(
        (listener) => rig.api.on('status-changed', listener),
        (event) => event.snapshot.status === 'offline',
      );
      await rig.api.updateSettings({ ...(await rig.api.getSettings()), startAtLogin: true });
      const names = new Set(sent.map((message) => message.event));
      for (const name of API_EVENT_NAMES) assert.ok(names.has(name), `${name} was forwarded`);
      stop();
      const count = sent.length;
      await rig.api.checkNow();
      assert.equal(sent.length, count, 'nothing is sent after unsubscribe');
    } finally {
      await rig.close();
    }
  });
});
