import type { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_SUBSCRIPTIONS_PER_SESSION } from '../src/main/gateway/relay/subscriptions.js';
import { fixtureStdio, fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';
import { text } from './helpers/tool-result.js';

// Log lines and resource subscriptions relayed between real 2025-era SDK agents on the real
// endpoint and real fixture servers over stdio (`--relays`, spoken to in the 2025 era, the
// only one with logging/setLevel and resources/subscribe).

const SECRET = 'alpha-secret-0f9e8d7c6b5a';
const NOTES = 'fixture://notes';

type LogParams = { level: string; logger?: string; data: unknown };

let t: TestSwitchboard;
let admin: string;
let alphaOnly: string;

beforeAll(async () => {
  const relays = (name: string) => fixtureStdio(['--relays', '--name', name]);
  t = await startSwitchboard({
    servers: [
      {
        id: 'alpha',
        transport: { type: 'stdio', ...relays('alpha'), env: { ALPHA_TOKEN: SECRET } },
        secrets: ['ALPHA_TOKEN'],
        era: '2025',
        newToolsWait: false,
      },
      {
        id: 'beta',
        transport: { type: 'stdio', ...relays('beta'), env: {} },
        era: '2025',
        newToolsWait: false,
      },
      // Spoken to in the 2026-07-28 era: no setLevel; subscriptions are listen streams.
      // (Pinned: the era probe of `auto` times out on a loaded machine.)
      {
        id: 'modern',
        transport: fixtureTransport(),
        era: '2026-07-28',
      },
      {
        id: 'gamma',
        transport: { type: 'stdio', ...relays('gamma'), env: {} },
        era: '2026-07-28',
        newToolsWait: false,
      },
    ],
    roles: [
      { name: 'admin', rules: [{ pattern: '*', action: 'allow' }] },
      {
        name: 'alpha-only',
        rules: [
          { pattern: 'alpha__*', action: 'allow' },
          { pattern: '*', action: 'deny' },
        ],
      },
    ],
    logLimits: { capacity: 20, perSecond: 1 },
  });
  admin = t.adminKey;
  alphaOnly = await t.key('alpha-only');
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

/** An agent that keeps the log lines and resource updates it receives. */
async function agent(key: string, path?: string) {
  const client = await t.connect(key, path ? { path } : {});
  const logs: LogParams[] = [];
  const updates: string[] = [];
  client.setNotificationHandler('notifications/message', (n) => {
    logs.push(n.params as LogParams);
  });
  client.setNotificationHandler('notifications/resources/updated', (n) => {
    updates.push(n.params.uri);
  });
  return { client, logs, updates };
}

/** Ends a session as an agent does: DELETE, then close. */
async function leave(client: Client): Promise<void> {
  await (client.transport as StreamableHTTPClientTransport).terminateSession();
  await client.close();
}

async function relayState(client: Client, tool: string) {
  return JSON.parse(text(await client.callTool({ name: tool, arguments: {} }))) as {
    level?: string;
    requests: string[];
  };
}

describe('capabilities', () => {
  it('advertises logging everywhere and subscriptions only where a server supports them', async () => {
    const all = await agent(admin);
    expect(all.client.getServerCapabilities()).toMatchObject({
      logging: {},
      resources: { subscribe: true, listChanged: true },
    });
    const modernOnly = await agent(admin, '/mcp/modern');
    const caps = modernOnly.client.getServerCapabilities();
    expect(caps?.logging).toEqual({});
    expect(caps?.resources?.subscribe).toBeUndefined();
    // Before, both answered "Method not found".
    await expect(modernOnly.client.setLoggingLevel('info')).resolves.toEqual({});
  });
});

describe('logging', () => {
  it('routes a line to the sessions that may hear its server only, masked and named', async () => {
    const all = await agent(admin);
    const onAlpha = await agent(admin, '/mcp/alpha');
    const onBeta = await agent(admin, '/mcp/beta');
    const restricted = await agent(alphaOnly);

    await onBeta.client.callTool({
      name: 'log_lines',
      arguments: { message: 'beta says hi' },
    });
    await vi.waitFor(() => expect(all.logs.map((l) => l.data)).toContain('beta says hi'));
    expect(onBeta.logs.map((l) => l.data)).toContain('beta says hi');
    expect(all.logs.find((l) => l.data === 'beta says hi')?.logger).toBe('beta/fixture-log');

    await onAlpha.client.callTool({
      name: 'log_lines',
      arguments: { message: `token is ${SECRET}`, level: 'warning' },
    });
    await vi.waitFor(() => expect(restricted.logs).toHaveLength(1));
    expect(restricted.logs[0]).toEqual({
      level: 'warning',
      logger: 'alpha/fixture-log',
      data: 'token is ***',
    });
    await vi.waitFor(() => expect(all.logs.map((l) => l.data)).toContain('token is ***'));
    // The role that cannot see beta never heard it; the session on beta never heard alpha.
    expect(restricted.logs.map((l) => l.data)).not.toContain('beta says hi');
    expect(onBeta.logs.map((l) => l.data)).not.toContain('token is ***');
    expect(JSON.stringify([all.logs, onAlpha.logs, restricted.logs])).not.toContain(SECRET);
  });

  it('sets each server to the most verbose level asked for and filters per session', async () => {
    const quiet = await agent(admin, '/mcp/beta');
    const chatty = await agent(admin, '/mcp/beta');
    await quiet.client.setLoggingLevel('error');
    expect((await relayState(quiet.client, 'relay_state')).level).toBe('error');
    await chatty.client.setLoggingLevel('info');
    expect((await relayState(quiet.client, 'relay_state')).level).toBe('info');

    await chatty.client.callTool({ name: 'log_lines', arguments: { message: 'an info line' } });
    await chatty.client.callTool({
      name: 'log_lines',
      arguments: { message: 'an error line', level: 'error' },
    });
    await vi.waitFor(() => expect(quiet.logs.map((l) => l.data)).toContain('an error line'));
    await vi.waitFor(() => expect(chatty.logs).toHaveLength(2));
    expect(quiet.logs.map((l) => l.data)).not.toContain('an info line');

    // The most verbose session leaves: the server goes back to the level left.
    await leave(chatty.client);
    await vi.waitFor(async () =>
      expect((await relayState(quiet.client, 'relay_state')).level).toBe('error'),
    );
  });

  it('drops a flood beyond the per-server limit and counts the drops', async () => {
    const listener = await agent(admin, '/mcp/alpha');
    const before = t.sb.relays.logging.dropped('alpha');
    await listener.client.setLoggingLevel('debug');
    await listener.client.callTool({
      name: 'log_lines',
      arguments: { message: 'flood', level: 'info', count: 200 },
    });
    await vi.waitFor(() => {
      const dropped = t.sb.relays.logging.dropped('alpha') - before;
      const received = listener.logs.filter((l) => String(l.data).startsWith('flood')).length;
      expect(received + dropped).toBe(200);
    });
    // Capacity 20, one a second: a 200-line flood cannot pass whole.
    expect(t.sb.relays.logging.dropped('alpha') - before).toBeGreaterThan(100);
  });
});

describe('logging to a 2026-07-28 agent', () => {
  it('relays lines to a request that carries a level, while it runs', async () => {
    const modern = await t.connect(admin, { era: 'modern', path: '/mcp/beta' });
    expect(modern.getServerCapabilities()?.logging).toEqual({});
    const logs: LogParams[] = [];
    modern.setNotificationHandler('notifications/message', (n) => {
      logs.push(n.params as LogParams);
    });
    const legacy = await agent(admin, '/mcp/beta');
    await legacy.client.setLoggingLevel('error');
    const result = await modern.callTool({
      name: 'log_lines',
      arguments: { message: 'for the modern request', level: 'info' },
      _meta: { 'io.modelcontextprotocol/logLevel': 'info' },
    });
    expect(text(result)).toBe('logged 1');
    await vi.waitFor(() => expect(logs.map((l) => l.data)).toContain('for the modern request'));
    // The server logged info only while the request ran, then went back to the sessions' level.
    await vi.waitFor(async () =>
      expect((await relayState(legacy.client, 'relay_state')).level).toBe('error'),
    );
    expect(legacy.logs.map((l) => l.data)).not.toContain('for the modern request');
  });
});

describe('logging from a 2026-07-28 server', () => {
  it('stamps the level on its requests and relays what it logs', async () => {
    const onGamma = await agent(admin, '/mcp/gamma');
    const quiet = await onGamma.client.callTool({ name: 'log_lines', arguments: { message: 'a' } });
    // No session asked for logs yet, so no request carried a level.
    expect(text(quiet)).toMatch(/no log level/);
    await onGamma.client.setLoggingLevel('warning');
    await onGamma.client.callTool({
      name: 'log_lines',
      arguments: { message: 'gamma info', level: 'info' },
    });
    await onGamma.client.callTool({
      name: 'log_lines',
      arguments: { message: 'gamma warning', level: 'warning' },
    });
    await vi.waitFor(() => expect(onGamma.logs.map((l) => l.data)).toEqual(['gamma warning']));
    expect(onGamma.logs[0]?.logger).toBe('gamma/fixture-log');
  });
});

describe('resource subscriptions', () => {
  it('subscribes downstream once, updates subscribers only, unsubscribes with the last', async () => {
    const first = await agent(admin);
    const second = await agent(admin, '/mcp/alpha');
    const bystander = await agent(admin);
    const probe = await agent(admin, '/mcp/alpha');
    const subscribes = async () =>
      (await relayState(probe.client, 'relay_state')).requests.filter((r) => r.endsWith(NOTES));

    await first.client.subscribeResource({ uri: NOTES });
    await second.client.subscribeResource({ uri: NOTES });
    expect(await subscribes()).toEqual([`subscribe ${NOTES}`]);
    expect(t.sb.relays.subscriptions.count('alpha', NOTES)).toBe(2);

    await probe.client.callTool({ name: 'touch_resource', arguments: {} });
    await vi.waitFor(() => expect(first.updates).toEqual([NOTES]));
    await vi.waitFor(() => expect(second.updates).toEqual([NOTES]));
    expect(bystander.updates).toEqual([]);
    expect(probe.updates).toEqual([]);

    await second.client.unsubscribeResource({ uri: NOTES });
    expect(await subscribes()).toEqual([`subscribe ${NOTES}`]);
    // The last subscriber leaves by closing its session.
    await leave(first.client);
    await vi.waitFor(async () =>
      expect(await subscribes()).toEqual([`subscribe ${NOTES}`, `unsubscribe ${NOTES}`]),
    );
    expect(t.sb.relays.subscriptions.count('alpha', NOTES)).toBe(0);
  });

  it('bounds the subscriptions of one session', async () => {
    const greedy = await agent(admin, '/mcp/alpha');
    const uris = Array.from(
      { length: MAX_SUBSCRIPTIONS_PER_SESSION },
      (_, i) => `fixture://note/${i}`,
    );
    await Promise.all(uris.map((uri) => greedy.client.subscribeResource({ uri })));
    // Subscribing again to one it holds is no new subscription.
    await greedy.client.subscribeResource({ uri: 'fixture://note/0' });
    await expect(greedy.client.subscribeResource({ uri: 'fixture://note/x' })).rejects.toThrow(
      /Too many subscriptions/,
    );
    await leave(greedy.client);
    await vi.waitFor(() =>
      expect(t.sb.relays.subscriptions.count('alpha', 'fixture://note/0')).toBe(0),
    );
  });

  it('refuses a resource the role cannot see, and a server that cannot notify', async () => {
    const restricted = await agent(alphaOnly);
    const betaNotes = await agent(admin, '/mcp/beta');
    expect(betaNotes.client.getServerCapabilities()?.resources?.subscribe).toBe(true);
    await expect(restricted.client.subscribeResource({ uri: 'fixture://nowhere' })).rejects.toThrow(
      /Unknown resource/,
    );
    const onModern = await agent(admin, '/mcp/modern');
    await expect(onModern.client.subscribeResource({ uri: NOTES })).rejects.toThrow(
      /does not support resource subscriptions/,
    );
  });
});

describe('2026-07-28 subscriptions/listen', () => {
  it('subscribes a 2026-07-28 server with a listen stream of its own', async () => {
    expect(t.sb.gateway.status('gamma')?.protocolVersion).toBe('2026-07-28');
    const listener = await agent(admin, '/mcp/gamma');
    const bystander = await agent(admin, '/mcp/gamma');
    expect(listener.client.getServerCapabilities()?.resources?.subscribe).toBe(true);
    await listener.client.subscribeResource({ uri: NOTES });
    await bystander.client.callTool({ name: 'touch_resource', arguments: {} });
    await vi.waitFor(() => expect(listener.updates).toEqual([NOTES]));
    expect(bystander.updates).toEqual([]);
    await listener.client.unsubscribeResource({ uri: NOTES });
    expect(t.sb.relays.subscriptions.count('gamma', NOTES)).toBe(0);
  });

  it('relays a listened resource once downstream and releases it when the stream closes', async () => {
    const modern = await t.connect(admin, { era: 'modern', path: '/mcp/beta' });
    const updates: string[] = [];
    modern.setNotificationHandler('notifications/resources/updated', (n) => {
      updates.push(n.params.uri);
    });
    const legacy = await agent(admin, '/mcp/beta');
    const requests = async () =>
      (await relayState(legacy.client, 'relay_state')).requests.filter((r) => r.endsWith(NOTES));
    const before = (await requests()).length;

    const stream = await modern.listen({ resourceSubscriptions: [NOTES] });
    expect(stream.honoredFilter.resourceSubscriptions).toEqual([NOTES]);
    await vi.waitFor(async () =>
      expect((await requests()).slice(before)).toEqual([`subscribe ${NOTES}`]),
    );
    await legacy.client.callTool({ name: 'touch_resource', arguments: {} });
    await vi.waitFor(() => expect(updates).toEqual([NOTES]));
    expect(legacy.updates).toEqual([]);

    await stream.close();
    await vi.waitFor(async () =>
      expect((await requests()).slice(before)).toEqual([
        `subscribe ${NOTES}`,
        `unsubscribe ${NOTES}`,
      ]),
    );
  });

  it('does not honour a listen on a server the role cannot see', async () => {
    const modern = await t.connect(alphaOnly, { era: 'modern', path: '/mcp/beta' });
    const stream = await modern.listen({ resourceSubscriptions: [NOTES] });
    expect(stream.honoredFilter.resourceSubscriptions).toBeUndefined();
    expect(t.sb.relays.subscriptions.count('beta', NOTES)).toBe(0);
  });
});

describe('tasks', () => {
  // Tasks pass through only to servers that declare them (test/tasks.test.ts): where no server
  // in scope does, none is offered, and a task-augmented call is answered as an ordinary one,
  // under the same policy.
  it('offers no tasks without a task server and answers a task-augmented call', async () => {
    const legacy = await agent(admin, '/mcp/alpha');
    expect(legacy.client.getServerCapabilities()?.tasks).toBeUndefined();
    const result = await legacy.client.callTool({
      name: 'log_lines',
      arguments: { message: 'in a task' },
      task: { ttl: 60_000 },
    });
    expect(text(result)).toBe('logged 1');
    const restricted = await agent(alphaOnly, '/mcp/beta');
    const denied = await restricted.client.callTool({
      name: 'log_lines',
      arguments: { message: 'x' },
      task: { ttl: 60_000 },
    });
    expect(denied.isError).toBe(true);
    expect(text(denied)).toMatch(/denied/i);
  });
});

describe('a restarted server', () => {
  it('gets its log level and subscriptions again', async () => {
    const subscriber = await agent(admin, '/mcp/alpha');
    await subscriber.client.setLoggingLevel('notice');
    await subscriber.client.subscribeResource({ uri: NOTES });
    const pid = t.sb.gateway.status('alpha')?.pid;
    await subscriber.client.callTool({ name: 'crash', arguments: {} }).catch(() => undefined);
    await expect
      .poll(
        () => {
          const status = t.sb.gateway.status('alpha');
          return status?.state === 'ready' && status.pid !== pid;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    // The new process was told the level and the subscription without any agent asking again.
    await vi.waitFor(async () => {
      const { requests } = await relayState(subscriber.client, 'relay_state');
      expect(requests).toContain(`subscribe ${NOTES}`);
      expect(requests.some((r) => r.startsWith('setLevel '))).toBe(true);
    });
    await subscriber.client.callTool({ name: 'touch_resource', arguments: {} });
    await vi.waitFor(() => expect(subscriber.updates).toContain(NOTES));
  }, 60_000);
});
