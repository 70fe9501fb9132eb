/**
 * HTTP_ROUTES (app/api/contract.ts) onto a StatusApi. Arguments are checked with validate-request.ts
 * before the API sees them; a bad one is a 400 with the message naming it, an unknown path a 404, a known
 * path with the wrong method a 405 that lists the right one. A POST or PUT from another origin, or
 * without a JSON Content-Type, is refused before its body is read (security.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP_ROUTES, type EditableSettings, type StatusApi } from '../api/contract.js';
import {
  ApiRequestError,
  parseExportFormat,
  parseExportWhat,
  parseHistoryRange,
  parsePauseBody,
  parseSettingsShape,
} from '../api/validate-request.js';
import { readJsonBody, sendError, sendJson } from './http-io.js';
import { stateChangeRefusal } from './security.js';

type RouteName = Exclude<keyof typeof HTTP_ROUTES, 'events'>;

interface Call {
  readonly query: URLSearchParams;
  readonly body: unknown;
}

type Handler = (api: StatusApi, call: Call, now: number) => Promise<unknown>;

const HANDLERS: Readonly<Record<RouteName, Handler>> = {
  getSnapshot: (api) => api.getSnapshot(),
  getHistory: (api, { query }) => api.getHistory(parseHistoryRange(single(query, 'range'))),
  getOutages: (api, { query }) => api.getOutages(parseHistoryRange(single(query, 'range'))),
  exportHistory: (api, { query }) =>
    api.exportHistory(
      parseExportWhat(single(query, 'what')),
      parseExportFormat(single(query, 'format')),
      parseHistoryRange(single(query, 'range')),
    ),
  checkNow: (api) => api.checkNow(),
  pause: (api, { body }, now) => api.pause(parsePauseBody(body, now)),
  resume: (api) => api.resume(),
  getSettings: (api) => api.getSettings(),
  // The shape is the request's business (400); a bad value comes back as a per-field error (200).
  updateSettings: (api, { body }) =>
    api.updateSettings(parseSettingsShape(body) as unknown as EditableSettings),
};

const ROUTES = Object.entries(HTTP_ROUTES).filter(([name]) => name !== 'events') as [
  RouteName,
  (typeof HTTP_ROUTES)[RouteName],
][];

export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** Answers one /api request (not /api/events, which the server streams itself). */
export async function handleApiRequest(
  api: StatusApi,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  now: () => number,
): Promise<void> {
  const matches = ROUTES.filter(([, route]) => route.path === url.pathname);
  if (matches.length === 0) {
    sendError(response, 404, `no API route ${url.pathname}; see HTTP_ROUTES in app/api/contract.ts`);
    return;
  }
  const match = matches.find(([, route]) => route.method === request.method);
  if (match === undefined) {
    const allowed = matches.map(([, route]) => route.method).join(', ');
    sendError(response, 405, `${request.method ?? '?'} is not allowed on ${url.pathname}; use ${allowed}`, {
      Allow: allowed,
    });
    return;
  }
  const [name, route] = match;
  let body: unknown = undefined;
  if (route.method !== 'GET') {
    const refused = stateChangeRefusal(request.headers);
    if (refused !== null) {
      sendError(response, refused.status, refused.message);
      return;
    }
    const read = await readJsonBody(request);
    if (!read.ok) {
      sendError(response, read.status, read.message, read.status === 413 ? { Connection: 'close' } : {});
      return;
    }
    body = read.value;
  }
  try {
    sendJson(response, 200, await HANDLERS[name](api, { query: url.searchParams, body }, now()));
  } catch (error) {
    if (error instanceof ApiRequestError) {
      sendError(response, 400, error.message);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    sendError(response, 500, `${name} failed: ${message.split('\n')[0] ?? ''}`);
  }
}

/** A query parameter given once; repeating it is ambiguous and refused rather than guessed. */
function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) throw new ApiRequestError(`${name} is given ${values.length} times; give it once`);
  return values[0];
}
