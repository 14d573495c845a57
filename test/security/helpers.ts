import { connect } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(REPO_ROOT, 'package.json'));
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;

/** Absolute path of the suite's hostile fixture server. */
export const TRICKY_SERVER = join(REPO_ROOT, 'test/security/fixtures/tricky-server.ts');

/** The stdio command of the tricky fixture server with `flags`. */
export function trickyStdio(flags: string[] = []): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--import', TSX_LOADER, TRICKY_SERVER, ...flags] };
}

/** A stdio server config for the tricky fixture (the shape `startSwitchboard` takes). */
export function trickyServer(flags: string[] = [], extra: Record<string, unknown> = {}) {
  return {
    id: 'tricky',
    transport: { type: 'stdio' as const, ...trickyStdio(flags), env: {} },
    ...extra,
  };
}

/** An HTTP response read off a raw socket. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, or undefined. */
  json: unknown;
}

/**
 * Sends `head` (request line and headers, without the blank line) and `body` over a fresh
 * socket, byte for byte, so a test can send what no well-behaved client would: two Origin
 * headers, no Host, a lying Content-Length.
 */
export function rawHttp(port: number, head: string[], body = ''): Promise<RawResponse> {
  return new Promise((resolvePromise, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const lines = [...head];
    if (!lines.some((l) => /^content-length:/i.test(l)) && body.length > 0) {
      lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
    }
    lines.push('Connection: close');
    let done = false;
    const finish = () => {
      if (done) return;
      const parsed = parseResponse(Buffer.concat(chunks).toString('utf8'));
      if (!parsed) return;
      done = true;
      socket.destroy();
      resolvePromise(parsed);
    };
    socket.on('connect', () => socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      // An SSE answer may stay open after its one message: stop at the first complete event.
      if (isComplete(Buffer.concat(chunks).toString('utf8'))) finish();
    });
    socket.on('error', (error) => (done ? undefined : reject(error)));
    socket.on('close', () => {
      finish();
      if (!done) reject(new Error('the connection closed without a response'));
    });
  });
}

function splitHead(
  text: string,
): { status: number; headers: Record<string, string>; rest: string } | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...headerLines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, rest: text.slice(end + 4) };
}

function isComplete(text: string): boolean {
  const split = splitHead(text);
  if (!split) return false;
  const { headers, rest } = split;
  if (headers['content-length'] !== undefined) {
    return Buffer.byteLength(rest) >= Number(headers['content-length']);
  }
  if (headers['content-type']?.startsWith('text/event-stream')) {
    return /data: .*"jsonrpc"[^\n]*\n/.test(
      headers['transfer-encoding'] === 'chunked' ? dechunk(rest) : rest,
    );
  }
  return false;
}

function parseResponse(text: string): RawResponse | undefined {
  const split = splitHead(text);
  if (!split) return undefined;
  const { status, headers } = split;
  let payload = headers['transfer-encoding'] === 'chunked' ? dechunk(split.rest) : split.rest;
  if (headers['content-type']?.startsWith('text/event-stream')) {
    payload = /data: (.*"jsonrpc".*)/.exec(payload)?.[1] ?? payload;
  }
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    json = undefined;
  }
  return { status, headers, body: payload, json };
}

function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    if (eol < 0) return out;
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

/** A request head for `path` on our own listener, plus extra header lines. */
export function head(port: number, method: string, path: string, extra: string[] = []): string[] {
  return [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...extra];
}

/** The JSON-RPC initialize a 2025-era client sends. */
export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'attacker', version: '1.0.0' },
  },
};

/** Headers every MCP POST carries. */
export const MCP_HEADERS = [
  'Content-Type: application/json',
  'Accept: application/json, text/event-stream',
];

/** A JSON-RPC error object of a response body, if it is one. */
export function rpcError(json: unknown): { code: number; message: string } | undefined {
  const error = (json as { error?: { code: number; message: string } } | undefined)?.error;
  return error && typeof error.code === 'number' ? error : undefined;
}

/** POSTs with fetch and returns the status once headers arrive (an SSE body is not awaited). */
export async function postStatus(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<number> {
  const controller = new AbortController();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body,
    signal: controller.signal,
  });
  controller.abort();
  return res.status;
}
