import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSwitchboard, type TestSwitchboard } from '../helpers/start-switchboard.js';
import {
  INITIALIZE,
  MCP_HEADERS,
  head,
  postStatus,
  rawHttp,
  rpcError,
  trickyServer,
} from './helpers.js';

// Admission: Host, Origin, agent keys and the control token, through the real endpoint
// with raw sockets, so every header is exactly what an attacker would send.

let t: TestSwitchboard;
let port: number;
let controlToken: string;

beforeAll(async () => {
  t = await startSwitchboard({ servers: [trickyServer()] });
  port = t.sb.endpoint.port;
  controlToken = new URL(t.sb.controlCenterUrl).hash.replace('#token=', '');
});
afterAll(() => t.stop());

const auth = (key: string) => `Authorization: Bearer ${key}`;
const initBody = JSON.stringify(INITIALIZE);

/** A refusal before anything was read: 403 and a JSON-RPC error without an id. */
function expectRefusedUnread(res: { status: number; json: unknown }) {
  expect(res.status).toBe(403);
  expect(rpcError(res.json)?.message).toMatch(/^Forbidden/);
  expect(res.json).not.toHaveProperty('id');
}

describe('Host (DNS rebinding)', () => {
  const foreign = [
    'evil.example',
    `evil.example:${0}`,
    '127.0.0.1',
    '127.0.0.1:1',
    'localhost.evil.example',
    '127.0.0.1.nip.io',
    '[::ffff:127.0.0.1]',
  ];
  for (const host of foreign) {
    it(`refuses Host: ${host} on /mcp and /control, before the key and the body`, async () => {
      for (const path of ['/mcp', '/control/listServers', '/health']) {
        const res = await rawHttp(
          port,
          [`POST ${path} HTTP/1.1`, `Host: ${host.replace(':0', `:${port}`)}`, ...MCP_HEADERS],
          // An invalid body and no key: a 400 or 401 would show they were looked at first.
          '{ not json',
        );
        expectRefusedUnread(res);
      }
    });
  }

  it('refuses a request without Host (HTTP/1.0)', async () => {
    const res = await rawHttp(port, ['GET /health HTTP/1.0']);
    expectRefusedUnread(res);
  });

  it('accepts the three loopback names with our port', async () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST']) {
      const res = await rawHttp(port, [`GET /health HTTP/1.1`, `Host: ${host}:${port}`]);
      expect(res.status).toBe(200);
    }
  });

  it('answers 400, not 500, to an absolute-form request line, even with a valid key', async () => {
    for (const target of [`http://evil.test/mcp`, `http://127.0.0.1:${port}/mcp`, '//mcp']) {
      const res = await rawHttp(
        port,
        [`POST ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...MCP_HEADERS, auth(t.adminKey)],
        initBody,
      );
      expect(res.status, target).toBe(400);
      expect(rpcError(res.json)?.message).toMatch(/^Bad Request: the request target/);
    }
  });
});

describe('Origin (web pages)', () => {
  const bad: [string, string[]][] = [
    ['a foreign Origin', ['Origin: https://evil.example']],
    ['a look-alike Origin', [`Origin: http://127.0.0.1:${1}`]],
    ['Origin: null', ['Origin: null']],
    ['two Origin headers', [`Origin: http://127.0.0.1:PORT`, 'Origin: https://evil.example']],
    [
      'two identical Origin headers',
      [`Origin: http://127.0.0.1:PORT`, `Origin: http://127.0.0.1:PORT`],
    ],
    ['a comma-joined Origin', [`Origin: http://127.0.0.1:PORT, https://evil.example`]],
  ];
  for (const [label, origins] of bad) {
    for (const path of ['/mcp', '/mcp/tricky', '/control/listServers', '/control/events']) {
      it(`refuses ${label} on ${path} with 403, before the key and the body`, async () => {
        const lines = origins.map((o) => o.replace('PORT', String(port)));
        // A valid key and a valid body: only the Origin may refuse it.
        const key = path.startsWith('/control') ? controlToken : t.adminKey;
        const res = await rawHttp(
          port,
          head(port, path === '/control/events' ? 'GET' : 'POST', path, [
            ...MCP_HEADERS,
            auth(key),
            ...lines,
          ]),
          path === '/control/events' ? '' : path.startsWith('/mcp') ? initBody : '',
        );
        expectRefusedUnread(res);
      });
    }
  }

  it('lets the gateway’s own page (same origin) through', async () => {
    const res = await rawHttp(
      port,
      head(port, 'POST', '/control/listServers', [
        auth(controlToken),
        `Origin: http://127.0.0.1:${port}`,
      ]),
    );
    expect(res.status).toBe(200);
  });
});

describe('agent keys', () => {
  async function initializeWith(authorization: string | undefined) {
    return rawHttp(
      port,
      head(port, 'POST', '/mcp', [...MCP_HEADERS, ...(authorization ? [authorization] : [])]),
      initBody,
    );
  }
  /** The status of an initialize with `key` (a success opens an SSE stream we do not read). */
  const statusWith = (key: string) =>
    postStatus(t.url, { authorization: `Bearer ${key}` }, initBody);

  it('refuses a missing, malformed or wrong key with 401', async () => {
    const attempts = [
      undefined,
      'Authorization: Bearer',
      'Authorization: Basic YWRtaW46YWRtaW4=',
      `Authorization: Bearer ${t.adminKey.slice(0, -1)}x`,
      `Authorization: Bearer ${t.adminKey}${t.adminKey}`,
      `Authorization: Bearer ${'a'.repeat(10_000)}`,
      `Authorization: Bearer ${controlToken}`,
      `Authorization: bearer  ${t.adminKey.toUpperCase()}`,
    ];
    for (const authorization of attempts) {
      const res = await initializeWith(authorization);
      expect(res.status, String(authorization).slice(0, 40)).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.json).not.toHaveProperty('id');
    }
    expect(await statusWith(t.adminKey)).toBe(200);
  });

  it('refuses a revoked key at once, also inside a session it opened', async () => {
    const key = await t.key('admin', 'to-revoke');
    const client = await t.connect(key);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await t.sb.control.revokeKey({ name: 'to-revoke' });
    expect((await initializeWith(auth(key))).status).toBe(401);
    await expect(client.listTools()).rejects.toThrow();
  });

  it('refuses an expired key, and a key works until its expiry', async () => {
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    const created = await t.sb.control.createKey({ name: 'short-lived', role: 'admin', expiresAt });
    expect(await statusWith(created.secret)).toBe(200);
    await vi.waitFor(
      async () => expect((await initializeWith(auth(created.secret))).status).toBe(401),
      { timeout: 20_000, interval: 100 },
    );
  });

  it('checks the key again on a kept-alive connection whenever the answer could differ', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    // Past the key check this request is answered 400 (there is no session); refused at it, 401.
    const send = (key: string) =>
      new Promise<{ status: number | undefined; reused: boolean }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/mcp',
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
              authorization: `Bearer ${key}`,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode, reused: req.reusedSocket }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
      });
    try {
      const key = await t.key('admin', 'kept-alive');
      expect(await send(key)).toEqual({ status: 400, reused: false });
      expect(await send(`${key.slice(0, -1)}x`)).toEqual({ status: 401, reused: true });
      expect(await send(key)).toEqual({ status: 400, reused: true });
      await t.sb.control.revokeKey({ name: 'kept-alive' });
      expect(await send(key)).toEqual({ status: 401, reused: true });

      const expiresAt = new Date(Date.now() + 1_500).toISOString();
      const short = await t.sb.control.createKey({ name: 'kept-short', role: 'admin', expiresAt });
      expect(await send(short.secret)).toEqual({ status: 400, reused: true });
      await vi.waitFor(async () => expect((await send(short.secret)).status).toBe(401), {
        timeout: 20_000,
        interval: 100,
      });
      expect(await send(short.secret)).toEqual({ status: 401, reused: true });
    } finally {
      agent.destroy();
    }
  });

  it('answers 429 past 256 requests of one key in flight, and takes more once they end', async () => {
    const key = await t.key('admin', 'busy');
    // Requests whose bodies never finish stay in flight until their sockets close.
    const held = Array.from({ length: 256 }, () => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write(
        [
          ...head(port, 'POST', '/mcp', [...MCP_HEADERS, auth(key), 'Content-Length: 100']),
          '',
          '{',
        ].join('\r\n'),
      );
      return socket;
    });
    const statusNow = async () =>
      (await rawHttp(port, head(port, 'POST', '/mcp', [...MCP_HEADERS, auth(key)]), '{}')).status;
    try {
      await vi.waitFor(async () => expect(await statusNow()).toBe(429), {
        timeout: 20_000,
        interval: 100,
      });
    } finally {
      for (const socket of held) socket.destroy();
    }
    await vi.waitFor(async () => expect(await statusNow()).toBe(400), {
      timeout: 20_000,
      interval: 100,
    });
  });

  it('rotates a key: the new one works, the old one stops', async () => {
    const old = await t.key('admin', 'rotating');
    const fresh = await t.sb.control.createKey({ name: 'rotating-2', role: 'admin' });
    await t.sb.control.revokeKey({ name: 'rotating' });
    expect((await initializeWith(auth(old))).status).toBe(401);
    expect(await statusWith(fresh.secret)).toBe(200);
  });

  it('binds a session to its key: another valid key cannot use or probe it', async () => {
    const client = await t.connect(t.adminKey);
    const sessionId = (client as unknown as { transport: { sessionId?: string } }).transport
      .sessionId;
    expect(sessionId).toBeTruthy();
    const other = await t.key('admin');
    const res = await rawHttp(
      port,
      head(port, 'POST', '/mcp', [...MCP_HEADERS, auth(other), `Mcp-Session-Id: ${sessionId}`]),
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    );
    expect(res.status).toBe(404);
  });
});

describe('the control API', () => {
  const methods = [
    'listServers',
    'setRules',
    'decideApproval',
    'createKey',
    'decideChange',
    'listChanges',
    'no-such-method',
    '',
    '%6cistServers',
    'listServers/',
    'listServers?x=1',
  ];
  for (const method of methods) {
    it(`answers 401 to /control/${method} without the control token, whatever the verb`, async () => {
      for (const verb of ['POST', 'GET', 'PUT', 'DELETE', 'OPTIONS']) {
        for (const authorization of [[], [auth(t.adminKey)], [auth(`${controlToken}x`)]]) {
          const res = await rawHttp(
            port,
            head(port, verb, `/control/${method}`, [
              'Content-Type: application/json',
              ...authorization,
            ]),
            verb === 'GET' ? '' : '{"name":"x","role":"admin"}',
          );
          expect(res.status, `${verb} ${method} ${authorization.length}`).toBe(401);
        }
      }
    });
  }

  it('answers 401 on /control itself and on /metrics, even with an agent key', async () => {
    for (const path of ['/control', '/metrics', '/control/events']) {
      const res = await rawHttp(port, head(port, 'GET', path, [auth(t.adminKey)]));
      expect(res.status).toBe(401);
    }
  });

  it('an agent key never becomes a control token, and the token is not an agent key', async () => {
    const before = (await t.sb.control.listKeys()).length;
    const res = await rawHttp(
      port,
      head(port, 'POST', '/control/createKey', [
        'Content-Type: application/json',
        auth(t.adminKey),
      ]),
      JSON.stringify({ name: 'smuggled', role: 'admin' }),
    );
    expect(res.status).toBe(401);
    expect((await t.sb.control.listKeys()).length).toBe(before);
  });
});

describe('no agent-side door to the person’s decisions', () => {
  it('no MCP tool, resource or prompt can approve, deny or change rules', async () => {
    const client = await t.connect(t.adminKey);
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    const own = tools.filter((name) => name.startsWith('switchboard__'));
    expect(own.sort()).toEqual(
      own.filter((name) => ['switchboard__find_tools', 'switchboard__call_tool'].includes(name)),
    );
    for (const name of tools) {
      expect(name).not.toMatch(/approv|decide|rule|role|key|token|change|pause|config/i);
    }
    const prompts = await client.listPrompts().catch(() => ({ prompts: [] }));
    expect(prompts.prompts.map((p) => p.name).join()).not.toMatch(/approv|decide|rule/i);
    // The meta tool refuses control methods by name, as any unknown tool.
    for (const name of [
      'decideApproval',
      'setRules',
      'switchboard__decide_approval',
      'decideChange',
    ]) {
      const result = await client
        .callTool({ name: 'switchboard__call_tool', arguments: { name, arguments: {} } })
        .catch((error: Error) => ({
          isError: true,
          content: [{ type: 'text', text: error.message }],
        }));
      expect(result.isError, name).toBe(true);
    }
  });
});

describe('2026-07-28 headers', () => {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'attacker', version: '1' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  const call = JSON.stringify({
    jsonrpc: '2.0',
    id: 7,
    method: 'tools/call',
    params: { name: 'tricky__echo', arguments: { text: 'hi' }, _meta: meta },
  });
  const modern = (extra: string[]) =>
    rawHttp(
      port,
      head(port, 'POST', '/mcp', [
        ...MCP_HEADERS,
        auth(t.adminKey),
        'MCP-Protocol-Version: 2026-07-28',
        ...extra,
      ]),
      call,
    );

  it('serves a request whose Mcp-Method and Mcp-Name agree with the body', async () => {
    const res = await modern(['Mcp-Method: tools/call', 'Mcp-Name: tricky__echo']);
    expect(res.status).toBe(200);
    expect(res.body).toContain('echo: hi');
  });

  it('refuses Mcp-Method or Mcp-Name headers that disagree with the body: 400, -32020', async () => {
    for (const extra of [
      ['Mcp-Method: tools/list', 'Mcp-Name: tricky__echo'],
      ['Mcp-Method: tools/call', 'Mcp-Name: tricky__admin_reset'],
      ['Mcp-Method: tools/call'],
      ['Mcp-Name: tricky__echo'],
    ]) {
      const res = await modern(extra);
      expect(res.status, extra.join()).toBe(400);
      expect(rpcError(res.json)?.code).toBe(-32020);
    }
  });
});
