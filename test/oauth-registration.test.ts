import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startAuthServer, type AuthServerOptions } from './fixtures/oauth/auth-server.js';
import { startClientMetadataHost } from './fixtures/oauth/client-metadata-host.js';
import {
  signInByForm,
  startOAuthSwitchboard,
  startProtectedNotes,
  whoami,
  type Cleanup,
} from './helpers/oauth-switchboard.js';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(options: AuthServerOptions = {}, sbOptions = {}) {
  const { as, mcp, dataDir } = await startProtectedNotes(cleanups, options);
  const switchboard = await startOAuthSwitchboard(dataDir, { notes: mcp.url }, sbOptions);
  cleanups.push(() => switchboard.stop());
  const signIn = async () => {
    const { url } = await switchboard.sb.control.startSignIn({ id: 'notes' });
    expect((await signInByForm(url)).status).toBe(200);
    await vi.waitFor(() => expect(switchboard.sb.gateway.status('notes')?.state).toBe('ready'), {
      timeout: 15_000,
    });
  };
  const call = async () => whoami(await switchboard.agent());
  return { as, mcp, dataDir, switchboard, signIn, call };
}

/** Every file under `dir`, with its path relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => relative(dir, path));
}

describe('OAuth registration and discovery', () => {
  it('registers through a client ID metadata document where the server supports one', async () => {
    const host = await startClientMetadataHost();
    cleanups.push(() => host.close());
    const { as, signIn, call } = await setUp(
      { dynamicRegistration: false, clientMetadataDocuments: { fetch: host.fetch } },
      { oauthClientMetadataUrl: host.url },
    );
    await signIn();
    expect(as.events).toContain('register:metadata-document');
    expect(as.events).not.toContain('register:dynamic');
    expect(await call()).toEqual({ isError: false, text: 'signed in as alice (read)' });
  });

  it('finds an authorization server that publishes OpenID discovery only', async () => {
    const { signIn, call } = await setUp({ discovery: 'openid' });
    await signIn();
    expect((await call()).isError).toBe(false);
  });

  it('never sends the tokens to another authorization server the server now names', async () => {
    // 30 s tokens are refreshed before each use, which discovers the authorization server anew.
    const { as, mcp, switchboard, signIn, call } = await setUp({ accessTokenTtlSec: 30 });
    await signIn();
    const other = await startAuthServer();
    cleanups.push(() => other.close());
    mcp.useAuthServer(other);
    const answer = await call();
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/needs sign-in: the server now names another authorization server/);
    for (const token of as.issuedTokens) {
      expect(other.received.some((body) => body.includes(token))).toBe(false);
    }
    await vi.waitFor(() =>
      expect(switchboard.sb.gateway.status('notes')?.state).toBe('needs-signin'),
    );
  });

  it('keeps every token out of every file but the secret store, and out of agent output', async () => {
    const { as, dataDir, switchboard, signIn, call } = await setUp();
    await signIn();
    const outputs = [JSON.stringify(await call())];
    as.expireAccessTokens();
    outputs.push(JSON.stringify(await call()));
    outputs.push(JSON.stringify(await switchboard.sb.control.listServers()));
    outputs.push(JSON.stringify(await switchboard.sb.control.getSignIn({ id: 'notes' })));
    outputs.push(JSON.stringify(await switchboard.sb.control.queryAudit({})));
    await switchboard.stop();
    expect(as.issuedTokens.length).toBeGreaterThanOrEqual(4);
    const holders = new Set<string>();
    for (const file of filesUnder(dataDir)) {
      const text = readFileSync(join(dataDir, file), 'utf8');
      for (const token of as.issuedTokens) if (text.includes(token)) holders.add(file);
    }
    expect([...holders]).toEqual(['oauth.json']);
    expect(filesUnder(dataDir)).toContain(join('logs', 'switchboard.log'));
    expect(statSync(join(dataDir, 'oauth.json')).mode & 0o777).toBe(0o600);
    for (const output of outputs) {
      for (const token of as.issuedTokens) expect(output).not.toContain(token);
    }
  });
});
