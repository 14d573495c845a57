import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProtocolError } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode, type ModernRequest } from '../src/main/gateway/http/lean-modern.js';
import { SdkEncoder, type Outcome } from '../src/main/gateway/http/lean-modern-encoder.js';

// The lane's own encoding of an answer, set against the SDK's 2026-07-28 serving of the same
// answer (SdkEncoder: createMcpHandler with a handler that returns it) for shapes the fixture
// servers do not produce: key orders the SDK's result schema rewrites, keys given as
// undefined, `_meta` without `serverInfo`, cache fields, error codes.

const SERVER_INFO_KEY = 'io.modelcontextprotocol/serverInfo';
const text = { type: 'text', text: 'a' };

const cases: [string, ModernRequest['method'], Outcome][] = [
  ['a text result', 'tools/call', { value: { content: [text] } }],
  ['content before _meta', 'tools/call', { value: { content: [text], _meta: { a: 1 } } }],
  ['isError given as undefined', 'tools/call', { value: { isError: undefined, content: [text] } }],
  [
    'structured content and an extra key',
    'tools/call',
    { value: { extra: 1, isError: false, structuredContent: { x: [1] }, content: [text] } },
  ],
  [
    'serverInfo out of order, text blocks with extra keys',
    'tools/call',
    {
      value: {
        content: [{ junk: 1, text: 't', _meta: { k: 1 }, type: 'text' }],
        _meta: { b: 2, [SERVER_INFO_KEY]: { version: '1', extra: 'z', name: 'n' } },
      },
    },
  ],
  ['_meta given as undefined', 'tools/call', { value: { _meta: undefined, content: [] } }],
  ['a resource-not-found error', 'tools/call', { error: new ProtocolError(-32002, 'nf') }],
  ['a plain error', 'tools/call', { error: new Error('boom') }],
  ['an error with data', 'tools/call', { error: { code: 5, message: 'm', data: { d: 1 } } }],
  ['an error with a string code', 'tools/call', { error: { code: 'x', message: 'm' } }],
  ['a read', 'resources/read', { value: { contents: [{ uri: 'u', text: 't' }] } }],
  [
    'a read with cache fields',
    'resources/read',
    { value: { ttlMs: 5, contents: [], cacheScope: 'public' } },
  ],
  ['a read with bad cache fields', 'resources/read', { value: { contents: [], ttlMs: -1 } }],
  [
    'a read with resultType and _meta',
    'resources/read',
    { value: { _meta: { z: 1 }, resultType: 'complete', contents: [] } },
  ],
];

let http: HttpServer;
let url: string;
const encoder = new SdkEncoder();

beforeAll(async () => {
  http = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      const [, method, outcome] = cases[Number(req.headers['x-case'])]!;
      void encoder.write(res, request(method, body, req as never), outcome);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
});

afterAll(async () => {
  await encoder.close();
  await new Promise((resolve) => http.close(resolve));
});

function request(
  method: ModernRequest['method'],
  body: Record<string, unknown>,
  req: ModernRequest['req'],
): ModernRequest {
  const params = body.params as ModernRequest['params'];
  return { id: 3, method, params, capabilities: {}, req, body };
}

function bodyOf(method: ModernRequest['method']) {
  const params = method === 'tools/call' ? { name: 'n', arguments: {} } : { uri: 'u' };
  return {
    jsonrpc: '2.0',
    id: 3,
    method,
    params: {
      ...params,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': {},
      },
    },
  };
}

describe("the 2026-07-28 lane's encoding", () => {
  it.each(cases.map((c, i) => [c[0], i] as const))('%s, as the SDK encodes it', async (_, i) => {
    const [, method, outcome] = cases[i]!;
    const body = bodyOf(method);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': method,
        'mcp-name': method === 'tools/call' ? 'n' : 'u',
        'x-case': String(i),
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const sdk = await response.text();
    const lane = encode(request(method, body, undefined as never), outcome);
    expect(lane).toBe(sdk);
  });
});
