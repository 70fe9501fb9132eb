/**
 * The one gate every IPC call from the status window passes, as a pure function of the request so it is
 * tested without Electron (main/ipc.ts only fills in the request from the IPC event). In order: the
 * channel must be one of API_CHANNELS, the sender our window's top frame on our own origin, and the
 * arguments what the operation takes (app/api/validate-request.ts: types vanish at runtime). Then the
 * core API runs, and whatever happens the reply is plain data.
 */
import { API_CHANNELS, type ApiEventName, type StatusApi } from '../api/contract.js';
import {
  ApiRequestError,
  describe,
  parseExportFormat,
  parseExportWhat,
  parseHistoryRange,
  parsePauseUntil,
  parseSettingsShape,
} from '../api/validate-request.js';
import { API_EVENT_NAMES, type ApiEventMessage, type IpcReply } from './ipc-messages.js';
import { isTrustedSender } from './trusted-sender.js';

/** Every StatusApi operation the renderer invokes (all but `on`, which is an IPC event stream). */
export type IpcOperation = Exclude<keyof typeof API_CHANNELS, 'event'>;

export const IPC_OPERATIONS: readonly IpcOperation[] = [
  'getSnapshot',
  'getHistory',
  'getOutages',
  'exportHistory',
  'checkNow',
  'pause',
  'resume',
  'getSettings',
  'updateSettings',
];

/** The channels main registers a handler on: exactly the operations' API_CHANNELS entries. */
export const IPC_INVOKE_CHANNELS: readonly string[] = IPC_OPERATIONS.map(
  (operation) => API_CHANNELS[operation],
);

export function operationForChannel(channel: unknown): IpcOperation | null {
  return IPC_OPERATIONS.find((operation) => API_CHANNELS[operation] === channel) ?? null;
}

export interface IpcSender {
  /** The sending frame's URL; null when Electron no longer has the frame. */
  readonly frameUrl: string | null;
  /** Whether the frame is our status window's main frame (`senderFrame === win.webContents.mainFrame`). */
  readonly isTopFrame: boolean;
}

export interface IpcRequest {
  readonly channel: string;
  readonly args: readonly unknown[];
  readonly sender: IpcSender;
}

/** Checks the count and every value; throws ApiRequestError naming the bad one. */
export function parseIpcArguments(
  operation: IpcOperation,
  args: readonly unknown[],
  nowMs: number,
): unknown[] {
  const expect = (count: number, names: string): void => {
    if (args.length !== count) {
      throw new ApiRequestError(
        `${operation} takes ${count === 0 ? 'no arguments' : `${count} argument${count === 1 ? '' : 's'} (${names})`}, ` +
          `got ${args.length}${args.length === 0 ? '' : `: ${describe([...args])}`}`,
      );
    }
  };
  switch (operation) {
    case 'getSnapshot':
    case 'checkNow':
    case 'resume':
    case 'getSettings':
      expect(0, '');
      return [];
    case 'getHistory':
    case 'getOutages':
      expect(1, 'range');
      return [parseHistoryRange(args[0])];
    case 'exportHistory':
      expect(3, 'what, format, range');
      return [parseExportWhat(args[0]), parseExportFormat(args[1]), parseHistoryRange(args[2])];
    case 'pause':
      expect(1, 'untilMs');
      return [parsePauseUntil(args[0], nowMs)];
    case 'updateSettings':
      expect(1, 'settings');
      return [parseSettingsShape(args[0])];
  }
}

export async function dispatchIpc(
  api: StatusApi,
  request: IpcRequest,
  now: () => number = Date.now,
): Promise<IpcReply> {
  const operation = operationForChannel(request.channel);
  if (operation === null) {
    return refuse('unknown-channel', `${describe(request.channel)} is not a status API channel`);
  }
  if (!isTrustedSender(request.sender.frameUrl, request.sender.isTopFrame)) {
    const where =
      request.sender.frameUrl === null ? 'a frame that no longer exists' : describe(request.sender.frameUrl);
    return refuse(
      'forbidden-sender',
      `${operation} refused: only the status window's own page may call it, not ${request.sender.isTopFrame ? where : `a subframe or another window (${where})`}`,
    );
  }
  let args: unknown[];
  try {
    args = parseIpcArguments(operation, request.args, now());
  } catch (error) {
    if (error instanceof ApiRequestError) return refuse('bad-request', error.message);
    throw error;
  }
  try {
    const value: unknown = await (api[operation] as (...input: unknown[]) => Promise<unknown>)(...args);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof ApiRequestError) return refuse('bad-request', error.message);
    // Only the message crosses: the stack names files and lines the renderer has no use for.
    return refuse('failed', `${operation} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Subscribes to every API event and hands each to `send` as one message for API_CHANNELS.event; the
 * preload splits them by name again. Returns the unsubscribe for all of them.
 */
export function forwardApiEvents(
  api: Pick<StatusApi, 'on'>,
  send: (message: ApiEventMessage) => void,
): () => void {
  const offs = API_EVENT_NAMES.map((event: ApiEventName) =>
    api.on(event, (payload) => send({ event, payload } as ApiEventMessage)),
  );
  return () => {
    for (const off of offs) off();
  };
}

function refuse(kind: Exclude<IpcReply, { ok: true }>['error']['kind'], message: string): IpcReply {
  return { ok: false, error: { kind, message } };
}
