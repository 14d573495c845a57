import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BodyError,
  DEFAULT_MAX_BODY_BYTES,
  MAX_JSON_DEPTH,
  jsonDepth,
  parseJsonBody,
  readBody,
} from './http-body.js';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** What `fn` threw, for checking a BodyError's fields. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('jsonDepth', () => {
  it('measures the deepest bracket nesting', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{}')).toBe(1);
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('[[],[[]],[]]')).toBe(3);
    expect(jsonDepth(nested(500))).toBe(500);
  });

  it('ignores brackets inside strings', () => {
    expect(jsonDepth('"[[[[{{{{"')).toBe(0);
    expect(jsonDepth('{"a":"]]]]","b":"[[[["}')).toBe(1);
    expect(jsonDepth('{"[[[[":1}')).toBe(1);
  });

  it('does not end a string at an escaped quote', () => {
    // The string is `\"[[[` : the quote is escaped, so the brackets are still inside it.
    expect(jsonDepth(String.raw`["\"[[[", 1]`)).toBe(1);
  });

  it('ends a string after an escaped backslash', () => {
    // The string is `\\`: the next quote closes it, so the brackets after it count.
    expect(jsonDepth(String.raw`["\\", [[1]]]`)).toBe(3);
  });

  it('is not fooled by closing brackets that come first', () => {
    expect(jsonDepth(']]]][[')).toBe(0);
  });
});

describe('parseJsonBody', () => {
  it('parses valid JSON', () => {
    expect(parseJsonBody('{"jsonrpc":"2.0","id":1,"method":"ping"}')).toEqual({
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
    });
  });

  it('answers invalid JSON with 400 and JSON-RPC -32700 (Parse error)', () => {
    for (const text of ['{', '', 'not json', '{"a":1,}', "{'a':1}"]) {
      const error = thrown(() => parseJsonBody(text));
      expect(error).toBeInstanceOf(BodyError);
      expect(error).toMatchObject({ status: 400, rpcCode: -32700 });
      expect((error as BodyError).message).toMatch(/^Parse error/);
    }
  });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1} with 400`, () => {
    expect(parseJsonBody(nested(MAX_JSON_DEPTH))).toBeDefined();
    const error = thrown(() => parseJsonBody(nested(MAX_JSON_DEPTH + 1)));
    expect(error).toBeInstanceOf(BodyError);
    expect(error).toMatchObject({ status: 400, rpcCode: -32600 });
    expect((error as BodyError).message).toContain(`${MAX_JSON_DEPTH}`);
  });

  it('refuses a 100,000-deep unterminated array on depth, before parsing it', () => {
    const error = thrown(() => parseJsonBody('['.repeat(100_000)));
    expect(error).toMatchObject({ status: 400, rpcCode: -32600 });
  });

  it('does not count brackets in strings toward the depth', () => {
    const text = JSON.stringify({ text: '['.repeat(1000) });
    expect(parseJsonBody(text)).toEqual({ text: '['.repeat(1000) });
  });
});

describe('readBody (a real HTTP server on 127.0.0.1)', () => {
  let server: Server;
  let port: number;
  const limit = DEFAULT_MAX_BODY_BYTES;

  beforeAll(async () => {
    server = createServer((req, res) => {
      readBody(req, limit).then(
        (text) => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ length: Buffer.byteLength(text), text: text.slice(0, 100) }));
        },
        (error: unknown) => {
          // Drain what the client still sends, so it reads the answer instead of an EPIPE.
          req.resume();
          res.statusCode = error instanceof BodyError ? error.status : 500;
          res.setHeader('connection', 'close');
          res.end(error instanceof Error ? error.message : 'error');
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** POSTs `body` in 64 KiB chunks, with or without a Content-Length. */
  function post(body: Buffer, declareLength: boolean): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/',
          headers: declareLength ? { 'content-length': body.length } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on('error', reject);
      for (let i = 0; i < body.length; i += 65_536) req.write(body.subarray(i, i + 65_536));
      req.end();
    });
  }

  it('returns a small body as UTF-8 text, multi-byte characters intact', async () => {
    const text = JSON.stringify({ greeting: 'grüß dich — 你好' });
    const answer = await post(Buffer.from(text), true);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ length: Buffer.byteLength(text), text });
  });

  it('accepts a body of exactly the limit', async () => {
    const answer = await post(Buffer.alloc(limit, 0x61), false);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).length).toBe(limit);
  });

  it('refuses a 5 MiB body with a declared length with 413', async () => {
    const answer = await post(Buffer.alloc(5 * 1024 * 1024, 0x61), true);
    expect(answer.status).toBe(413);
    expect(answer.text).toBe(`request body over ${limit} bytes`);
  });

  it('refuses a 5 MiB chunked body (no declared length) with 413 while it streams', async () => {
    const answer = await post(Buffer.alloc(5 * 1024 * 1024, 0x61), false);
    expect(answer.status).toBe(413);
    expect(answer.text).toBe(`request body over ${limit} bytes`);
  });

  it('answers the next request normally after a refusal', async () => {
    await post(Buffer.alloc(limit + 1, 0x61), false);
    const answer = await post(Buffer.from('{}'), true);
    expect(answer.status).toBe(200);
  });
});
