import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../src/main/gateway/ports.js';
import { fixtureStdio, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';

// Start-up never fails on an optional part: a server that declares lists it cannot give, or
// answers -32601 to a probe, starts with the tools it has; the reason goes to the log.

const require = createRequire(import.meta.url);
const FETCH_BIN = join(dirname(require.resolve('mcp-fetch-server/package.json')), 'dist/index.js');
const UNDECLARED = join(import.meta.dirname, 'fixtures/servers/undeclared-lists-server.ts');
const FETCH_TOOLS = [
  'fetch_html',
  'fetch_json',
  'fetch_markdown',
  'fetch_readable',
  'fetch_txt',
  'fetch_youtube_transcript',
];

/** A logger that keeps the warnings it is given, for the test to read. */
function recordingLogger(lines: string[]): Logger {
  const keep = (obj: object | string, msg?: string) =>
    void lines.push(typeof obj === 'string' ? obj : `${msg ?? ''} ${JSON.stringify(obj)}`);
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: keep,
    error: keep,
    child: () => logger,
  };
  return logger;
}

const undeclared = (args: string[]) => {
  const { command, args: base } = fixtureStdio();
  // The fixture runner's tsx loader, with this fixture instead of the default one.
  return {
    type: 'stdio' as const,
    command,
    args: [...base.slice(0, 2), UNDECLARED, ...args],
    env: {},
  };
};

let t: TestSwitchboard;
let agent: Client;
const logged: string[] = [];

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [
      {
        id: 'fetch',
        transport: { type: 'stdio', command: process.execPath, args: [FETCH_BIN], env: {} },
      },
      { id: 'pinned', transport: undeclared([]) },
      { id: 'bare', transport: undeclared(['--declare', 'resources,prompts', '--no-ping']) },
      // Boots slower than the 5 s era probe waits (mcp-fetch-server does, on a loaded machine).
      { id: 'slow', transport: undeclared(['--delay-start', '5500']) },
    ],
    settings: { healthIntervalMs: 100, cacheTtlMs: 0 },
    logger: recordingLogger(logged),
  });
  agent = await t.connect(t.adminKey);
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

const status = (id: string) => t.sb.gateway.status(id)!;
const names = (tools: { name: string }[]) => tools.map((x) => x.name).sort();

describe('mcp-fetch-server (declares resources, answers -32601 to resources/list)', () => {
  it('starts and lists its six tools through /mcp/fetch and /mcp', async () => {
    expect(status('fetch'), JSON.stringify(status('fetch'))).toMatchObject({
      state: 'ready',
      tools: 6,
    });
    expect(status('fetch').lastError).toBeUndefined();
    const direct = await t.connect(t.adminKey, { path: '/mcp/fetch' });
    expect(names((await direct.listTools()).tools)).toEqual(FETCH_TOOLS);
    const all = names((await agent.listTools()).tools).filter((n) => n.startsWith('fetch__'));
    expect(all).toEqual(FETCH_TOOLS.map((n) => `fetch__${n}`));
  });

  it('logs why its resources are missing instead of calling it down', () => {
    const line = logged.find((l) => l.includes('server fetch: resources/list failed'));
    expect(line).toContain('Method not found');
  });
});

describe('our fixture pinning the same start-up', () => {
  it('starts with its tool, lists nothing else, and logs each refused list', async () => {
    expect(status('pinned')).toMatchObject({ state: 'ready', tools: 1, resources: 0 });
    const result = await agent.callTool({ name: 'pinned__fetch_txt', arguments: { url: 'u' } });
    expect(result.content).toEqual([{ type: 'text', text: 'text of u' }]);
    for (const method of ['resources/list', 'resources/templates/list']) {
      expect(logged.some((l) => l.includes(`server pinned: ${method} failed`))).toBe(true);
    }
  });

  it('speaks 2025 to a stdio server that boots slower than the era probe waits', () => {
    expect(status('slow')).toMatchObject({
      state: 'ready',
      tools: 1,
      protocolVersion: '2025-11-25',
    });
  });

  it('keeps a server that declares prompts it lacks and refuses ping running', async () => {
    expect(status('bare')).toMatchObject({ state: 'ready', tools: 1, prompts: 0 });
    expect(logged.some((l) => l.includes('server bare: prompts/list failed'))).toBe(true);
    const pid = status('bare').pid;
    // Health probes run every 100 ms; each refusal shows in the server's stderr.
    await vi.waitFor(
      () =>
        expect(
          status('bare').stderrTail.filter((l) => l === 'ping refused').length,
        ).toBeGreaterThan(2),
      { timeout: 10_000 },
    );
    expect(status('bare')).toMatchObject({ state: 'ready', pid });
  });
});
