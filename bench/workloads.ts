import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { ClientOptions } from '@modelcontextprotocol/client';
import { cpuTimeOf } from './processes.js';

/** Which protocol era the agent speaks: the plain 2025 handshake, or pinned 2026-07-28. */
export type Era = '2025' | '2026-07-28';

/** Where an agent connects: an MCP URL, an optional key, and how tool names are prefixed. */
export interface Target {
  url: string;
  key?: string;
  /** '' for the fixture itself, `<server>__` through Switchboard. */
  prefix: string;
}

/** An SDK client over Streamable HTTP, as an agent would connect. */
export async function connectAgent(
  target: Target,
  era: Era = '2025',
  extra: ClientOptions = {},
): Promise<Client> {
  const options: ClientOptions = { ...extra };
  if (era === '2026-07-28') options.versionNegotiation = { mode: { pin: '2026-07-28' } };
  const client = new Client({ name: 'bench-agent', version: '1.0.0' }, options);
  const headers: Record<string, string> = {};
  if (target.key) headers.authorization = `Bearer ${target.key}`;
  await client.connect(
    new StreamableHTTPClientTransport(new URL(target.url), { requestInit: { headers } }),
  );
  return client;
}

/** One tool call, built fresh per iteration so no layer can answer it from a cache. */
export type CallFactory = (i: number) => { name: string; arguments: Record<string, unknown> };

/**
 * Calls built by this process so far. Every loop numbers its calls from 0, and the gateway's
 * response cache keeps a read-only tool's answer for 30 s by role, tool and arguments: a
 * number per loop made the runs after the first within 30 s cache hits, which measured the
 * cache, not the path. One count per process makes every call's arguments new.
 */
let built = 0;

/** A small call: echo with a text no earlier call of this process had. */
export const smallCall =
  (prefix: string): CallFactory =>
  () => ({ name: `${prefix}echo`, arguments: { text: `hello ${++built}` } });

/**
 * A ~100 KB result: `big` with 100,000 + (i mod 4,000) bytes and a `nonce` no earlier call
 * had (the fixture's schema strips it; the arguments, and so the cache key, are new).
 */
export const bigCall =
  (prefix: string): CallFactory =>
  (i) => ({
    name: `${prefix}big`,
    arguments: { bytes: 100_000 + (i % 4_000), nonce: ++built },
  });

async function callOnce(client: Client, params: ReturnType<CallFactory>): Promise<void> {
  const result = await client.callTool(params);
  if (result.isError)
    throw new Error(`${params.name} failed: ${JSON.stringify(result.content).slice(0, 300)}`);
}

/** Latency samples (ms) of `count` sequential calls after `warmup` unmeasured ones. */
export async function sequentialLatency(
  client: Client,
  make: CallFactory,
  warmup: number,
  count: number,
): Promise<number[]> {
  let i = 0;
  for (let w = 0; w < warmup; w += 1) await callOnce(client, make(i++));
  const samples: number[] = [];
  for (let n = 0; n < count; n += 1) {
    const params = make(i++);
    const start = performance.now();
    await callOnce(client, params);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** The outcome of a closed-loop run: calls per second and per-call latencies. */
export interface ThroughputResult {
  callsPerSecond: number;
  latencies: number[];
  elapsedMs: number;
}

/**
 * `concurrency` workers share one client (one agent session) and issue `total` calls back to
 * back; a warm-up of `warmup` calls at the same concurrency runs first and is not counted.
 */
export async function closedLoop(
  client: Client,
  make: CallFactory,
  concurrency: number,
  total: number,
  warmup: number,
): Promise<ThroughputResult> {
  let next = 0;
  const run = async (limit: number, latencies?: number[]) => {
    const worker = async () => {
      while (next < limit) {
        const params = make(next++);
        const start = performance.now();
        await callOnce(client, params);
        latencies?.push(performance.now() - start);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  await run(warmup);
  const latencies: number[] = [];
  const start = performance.now();
  await run(warmup + total, latencies);
  const elapsedMs = performance.now() - start;
  return { callsPerSecond: (latencies.length * 1000) / elapsedMs, latencies, elapsedMs };
}

/**
 * `closedLoop` with the CPU time the process `pid` (a gateway) used over the counted calls,
 * per call (ms): user + system, warm-up excluded.
 */
export async function cpuLoop(
  client: Client,
  make: CallFactory,
  concurrency: number,
  [warmup, total]: readonly [number, number],
  pid: number,
): Promise<ThroughputResult & { cpuPerCall: number }> {
  await closedLoop(client, make, concurrency, warmup, 0);
  const before = await cpuTimeOf(pid);
  const run = await closedLoop(client, make, concurrency, total, 0);
  const cpuPerCall = ((await cpuTimeOf(pid)) - before) / run.latencies.length;
  return { ...run, cpuPerCall };
}

/** Latency samples (ms) of `tools/list` through the SDK (no client-side cache); checks the count. */
export async function listLatency(
  client: Client,
  expectTools: number,
  warmup: number,
  count: number,
): Promise<number[]> {
  const once = async () => {
    const { tools } = await client.listTools(undefined, { cacheMode: 'bypass' });
    if (tools.length < expectTools)
      throw new Error(`tools/list gave ${tools.length} < ${expectTools}`);
  };
  for (let w = 0; w < warmup; w += 1) await once();
  const samples: number[] = [];
  for (let n = 0; n < count; n += 1) {
    const start = performance.now();
    await once();
    samples.push(performance.now() - start);
  }
  return samples;
}

/**
 * A bare 2025-era session over fetch (no SDK, no schema parsing on the client side), for
 * telling the server's share of a tools/list from the SDK client's.
 */
export async function rawSession(target: Target): Promise<(method: string) => Promise<string>> {
  const base: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  if (target.key) base.authorization = `Bearer ${target.key}`;
  let id = 0;
  const post = async (body: unknown, session?: string) => {
    const headers = { ...base };
    if (session) {
      headers['mcp-session-id'] = session;
      headers['mcp-protocol-version'] = '2025-06-18';
    }
    const response = await fetch(target.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${response.status} ${text.slice(0, 200)}`);
    return { response, text };
  };
  const init = await post(initializeRequest(++id, 'bench-raw'));
  const session = init.response.headers.get('mcp-session-id') ?? undefined;
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session);
  return async (method) =>
    (await post({ jsonrpc: '2.0', id: ++id, method, params: {} }, session)).text;
}

/** A 2025-era agent's `initialize`, for the bench's clients that speak JSON-RPC themselves. */
export function initializeRequest(id: number, clientName: string) {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: clientName, version: '1.0.0' },
    },
  };
}

/** Latency samples (ms) of a raw request, body read in full. */
export async function rawLatency(
  request: (method: string) => Promise<string>,
  method: string,
  warmup: number,
  count: number,
): Promise<number[]> {
  for (let w = 0; w < warmup; w += 1) await request(method);
  const samples: number[] = [];
  for (let n = 0; n < count; n += 1) {
    const start = performance.now();
    await request(method);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** The q-quantile (0..1) of samples, nearest-rank. */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** The median of a few numbers (NaNs ignored). */
export function median(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
