// Runs one probe and prints its result as JSON, so a lab test can run it inside a network namespace
// (`ip netns exec <ns> node --import tsx test/helpers/run-tcp-probe.ts '<request>'`).
// The process is left to exit by itself: if the probe leaked a socket or timer, the exit would lag
// behind `wallMs`, and the test measures that from outside.
import { performance } from 'node:perf_hooks';
import { probeTcp } from '../../app/probes/tcp.js';
import type { Endpoint } from '../../app/probes/types.js';

export interface RunTcpProbeRequest {
  readonly endpoint: Endpoint;
  readonly timeoutMs: number;
  /** Abort the probe this many ms after it starts. */
  readonly abortAfterMs?: number;
}

const request = JSON.parse(process.argv[2] ?? '') as RunTcpProbeRequest;
const controller = new AbortController();
const abortTimer =
  request.abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(), request.abortAfterMs);
const startedAt = performance.now();
const result = await probeTcp(request.endpoint, { timeoutMs: request.timeoutMs, signal: controller.signal });
const wallMs = performance.now() - startedAt;
clearTimeout(abortTimer);
process.stdout.write(`${JSON.stringify({ result, wallMs })}\n`);
