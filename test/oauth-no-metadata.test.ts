import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpControlApi } from '../src/shared/http-control.js';
import { serversCommand } from '../src/main/cli/servers.js';
import { CONTROL_TOKEN_FILE } from '../src/main/gateway/config/first-run.js';
import { BARE_API_KEY, startBare401Server } from './fixtures/oauth/bare-401-server.js';
import { startOAuthSwitchboard } from './helpers/oauth-switchboard.js';

// A remote server that answers 401 and publishes no OAuth metadata wants a key in the
// Authorization header, not a sign-in. Every face of Switchboard says so in the same words:
// the server's state, an agent's call, the CLI's `servers`, and a sign-in started anyway.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const REASON =
  /answered 401 Unauthorized and publishes no OAuth metadata, so there is no sign-in to offer: add the Authorization header it expects/;

async function setUp() {
  const bare = await startBare401Server();
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-401-'));
  const switchboard = await startOAuthSwitchboard(dataDir, { keyed: bare.url });
  cleanups.push(
    () => bare.close(),
    () => rmSync(dataDir, { recursive: true, force: true }),
    () => switchboard.stop(),
  );
  return { bare, dataDir, switchboard };
}

describe('a 401 without OAuth metadata', () => {
  it('is down with a reason that says to add an Authorization header', async () => {
    const { bare, dataDir, switchboard } = await setUp();
    const { sb } = switchboard;
    const host = new URL(bare.url).host;
    const status = sb.gateway.status('keyed');
    expect(status?.state).toBe('down');
    expect(status?.lastError).toMatch(REASON);
    expect(status?.lastError?.startsWith(`${host} answered 401`)).toBe(true);
    // Not the SDK's guess at an endpoint that was never published.
    expect(status?.lastError).not.toMatch(/Registration|404/);
    expect(bare.refused).toBeGreaterThan(0);

    // No sign-in is offered for it: nothing was recorded as if it were an OAuth server.
    const view = (await sb.control.listServers()).find((s) => s.config.id === 'keyed');
    expect(view?.signIn).toBeUndefined();
    expect(readFileSafe(join(dataDir, 'oauth.json'))).not.toContain('keyed');

    // The agent's call.
    const agent = await switchboard.agent();
    const result = await agent.callTool({ name: 'keyed__anything', arguments: {} });
    expect(result.isError).toBe(true);
    expect((result.content as Array<{ text: string }>)[0]!.text).toMatch(REASON);

    // The CLI, over the control API's HTTP as `switchboard servers` reaches a running gateway.
    const token = readFileSync(join(dataDir, CONTROL_TOKEN_FILE), 'utf8').trim();
    const api = createHttpControlApi({ baseUrl: sb.endpoint.origin, token });
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    await serversCommand(
      api,
      { positionals: ['servers'], options: new Map(), repeated: new Map() },
      io,
    );
    const printed = lines.join('\n');
    expect(printed).toMatch(/^keyed\tdown\t0 tools$/m);
    expect(printed).toContain(`  why: ${host} answered 401 Unauthorized`);
    expect(printed).toMatch(REASON);

    // A sign-in started anyway says why there is none, instead of failing on a guessed URL.
    await expect(sb.control.startSignIn({ id: 'keyed' })).rejects.toThrow(REASON);
  });

  it('comes up once the person adds the Authorization header it asked for', async () => {
    const { switchboard } = await setUp();
    const { sb } = switchboard;
    const config = (await sb.control.listServers()).find((s) => s.config.id === 'keyed')!.config;
    const url = (config.transport as { url: string }).url;
    await sb.control.updateServer({
      id: 'keyed',
      server: {
        ...config,
        transport: { type: 'http', url, headers: { Authorization: `Bearer ${BARE_API_KEY}` } },
      },
    });
    await vi.waitFor(() => expect(sb.gateway.status('keyed')?.state).toBe('ready'), {
      timeout: 15_000,
    });
    const agent = await switchboard.agent();
    const result = await agent.callTool({ name: 'keyed__key_ok', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'the key was accepted' }]);
  });
});

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
