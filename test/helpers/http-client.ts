// A raw HTTP client for tests: node:http with the path sent exactly as written (fetch would fold `..`),
// and a Server-Sent Events reader.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RawRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

export function send(port: number, options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers ?? {},
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export function sendJson(
  port: number,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return send(port, {
    method,
    path,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export interface SseEvent {
  readonly event: string;
  readonly data: unknown;
}

export interface SseClient {
  readonly status: Promise<number>;
  /** Everything received so far, comments included. */
  text(): string;
  /** Resolves with the first event of that name whose data the predicate accepts. */
  next(event: string, accept?: (data: unknown) => boolean, ms?: number): Promise<SseEvent>;
  close(): void;
}

export function openSse(port: number, path: string, headers: Record<string, string> = {}): SseClient {
  let buffer = '';
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let resolveStatus: (status: number) => void = () => undefined;
  const status = new Promise<number>((resolve) => (resolveStatus = resolve));
  const req = httpRequest({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
    resolveStatus(res.statusCode ?? 0);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      events.length = 0;
      for (const block of buffer.split('\n\n')) {
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name !== undefined && data !== undefined) events.push({ event: name, data: JSON.parse(data) });
      }
      for (const wake of [...waiters]) wake();
    });
  });
  req.on('error', () => undefined);
  req.end();
  return {
    status,
    text: () => buffer,
    next(event, accept = () => true, ms = 5000) {
      return new Promise((resolve, reject) => {
        const look = (): boolean => {
          const found = events.find((e) => e.event === event && accept(e.data));
          if (found === undefined) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const wake = (): void => void look();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no ${event} event within ${ms} ms; got: ${buffer}`));
        }, ms);
        waiters.add(wake);
        look();
      });
    },
    close: () => req.destroy(),
  };
}
