/**
 * What travels over Electron IPC besides the arguments: the reply envelope of every API call and the
 * message that carries an API event. Shared by main (ipc-dispatch.ts) and the sandboxed preload, which
 * bundles this file, so it imports nothing at runtime but the channel table.
 */
import type { ApiEventMap, ApiEventName } from '../api/contract.js';

export type IpcErrorKind = 'unknown-channel' | 'forbidden-sender' | 'bad-request' | 'failed';

/**
 * Errors come back as data, never as a thrown error: Electron would otherwise forward main's message
 * wrapped in "Error invoking remote method …", and a stack trace has no business in the renderer.
 */
export type IpcReply =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: { readonly kind: IpcErrorKind; readonly message: string } };

export const API_EVENT_NAMES = [
  'status-changed',
  'check-completed',
  'diagnosis-changed',
  'settings-changed',
] as const satisfies readonly ApiEventName[];

// Fails to compile when ApiEventMap gains an event this list does not name.
type Missing = Exclude<ApiEventName, (typeof API_EVENT_NAMES)[number]>;
const EVERY_EVENT_LISTED: Missing extends never ? true : never = true;
void EVERY_EVENT_LISTED;

/** One message on API_CHANNELS.event. */
export interface ApiEventMessage<K extends ApiEventName = ApiEventName> {
  readonly event: K;
  readonly payload: ApiEventMap[K];
}

export function isApiEventName(value: unknown): value is ApiEventName {
  return typeof value === 'string' && (API_EVENT_NAMES as readonly string[]).includes(value);
}

/** The reply's value, or an Error carrying only main's message (the renderer shows it as is). */
export function unwrapIpcReply(reply: unknown): unknown {
  if (typeof reply === 'object' && reply !== null && 'ok' in reply) {
    const typed = reply as IpcReply;
    if (typed.ok) return typed.value;
    const error = new Error(typed.error.message);
    error.name = typed.error.kind === 'bad-request' ? 'ApiRequestError' : 'ApiError';
    throw error;
  }
  throw new Error('the status API sent a reply the window does not understand');
}

/** The payload when `message` is the wanted event, else undefined (another event, or a malformed message). */
export function eventPayloadFor<K extends ApiEventName>(
  message: unknown,
  wanted: K,
): ApiEventMap[K] | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const typed = message as Partial<ApiEventMessage>;
  return typed.event === wanted ? (typed.payload as ApiEventMap[K]) : undefined;
}
