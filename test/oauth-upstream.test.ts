import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthServerOptions } from './fixtures/oauth/auth-server.js';
import { startProtectedServer, type ProtectedServer } from './fixtures/oauth/protected-server.js';
import {
  signInByForm,
  startOAuthSwitchboard,
  startProtectedNotes,
  whoami,
  type Cleanup,
  type OAuthSwitchboard,
} from './helpers/oauth-switchboard.js';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const setUp = (options: AuthServerOptions = {}) => startProtectedNotes(cleanups, options);

async function start(
  dataDir: string,
  mcp: ProtectedServer,
  options = {},
): Promise<OAuthSwitchboard> {
  const switchboard = await startOAuthSwitchboard(dataDir, { notes: mcp.url }, options);
  cleanups.push(() => switchboard.stop());
  return switchboard;
}

/** Signs in through the control API and the fixture's login form; waits for the server. */
async function signIn(switchboard: OAuthSwitchboard, input = {}) {
  const { url } = await switchboard.sb.control.startSignIn({ id: 'notes', ...input });
  const page = await signInByForm(url);
  expect(page).toMatchObject({ status: 200 });
  expect(page.text).toContain('Signed in to notes');
  await vi.waitFor(() => expect(switchboard.sb.gateway.status('notes')?.state).toBe('ready'), {
    timeout: 15_000,
  });
}

describe('OAuth upstreams', () => {
  it('shows needs-signin, not down, for a plain http server that answers 401 with metadata', async () => {
    const { mcp, dataDir } = await setUp();
    const switchboard = await start(dataDir, mcp);
    expect(switchboard.sb.gateway.status('notes')?.state).toBe('needs-signin');
    const agent = await switchboard.agent();
    const answer = await whoami(agent);
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/needs sign-in: not signed in/);
    expect(await switchboard.sb.control.getSignIn({ id: 'notes' })).toMatchObject({
      state: 'needs-signin',
    });
  });

  it('signs in with dynamic registration, and the agent call succeeds', async () => {
    const { as, mcp, dataDir } = await setUp();
    const switchboard = await start(dataDir, mcp);
    await signIn(switchboard);
    expect(as.events).toContain('register:dynamic');
    const agent = await switchboard.agent();
    expect(await whoami(agent)).toEqual({ isError: false, text: 'signed in as alice (read)' });
    const status = await switchboard.sb.control.getSignIn({ id: 'notes' });
    expect(status).toMatchObject({
      state: 'signed-in',
      signedInAs: 'alice@example.test',
      scopes: ['read'],
      issuer: as.issuer,
    });
    expect(status?.expiresAt).toBeGreaterThan(Date.now());
    const view = (await switchboard.sb.control.listServers()).find((s) => s.config.id === 'notes');
    expect(view?.signIn?.state).toBe('signed-in');
  });

  it('refreshes on a 401 when the access token expired, silently', async () => {
    const { as, mcp, dataDir } = await setUp();
    const switchboard = await start(dataDir, mcp);
    await signIn(switchboard);
    const agent = await switchboard.agent();
    expect((await whoami(agent)).isError).toBe(false);
    as.expireAccessTokens();
    expect(await whoami(agent)).toEqual({ isError: false, text: 'signed in as alice (read)' });
    expect(as.events.filter((e) => e === 'token:refresh')).toHaveLength(1);
  });

  it('refreshes before expiry, so the server never sees a stale token', async () => {
    // Tokens that live 30 s are inside the 60 s margin at once: every use refreshes first.
    const { as, mcp, dataDir } = await setUp({ accessTokenTtlSec: 30 });
    const switchboard = await start(dataDir, mcp);
    await signIn(switchboard);
    const refusedBefore = mcp.unauthorized;
    const agent = await switchboard.agent();
    expect((await whoami(agent)).isError).toBe(false);
    expect(as.events).toContain('token:refresh');
    expect(mcp.unauthorized).toBe(refusedBefore);
  });

  it('a revoked refresh token puts the server in needs-signin with the reason', async () => {
    const { as, mcp, dataDir } = await setUp();
    const notices: string[] = [];
    const notifier = { notify: (title: string, body: string) => notices.push(`${title}: ${body}`) };
    const switchboard = await start(dataDir, mcp, { notifier });
    const events: unknown[] = [];
    switchboard.sb.control.subscribe((event) => events.push(event));
    await signIn(switchboard);
    const agent = await switchboard.agent();
    as.revokeRefreshTokens();
    as.expireAccessTokens();
    const answer = await whoami(agent);
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/refused to refresh the sign-in/);
    await vi.waitFor(() =>
      expect(switchboard.sb.gateway.status('notes')?.state).toBe('needs-signin'),
    );
    expect(await switchboard.sb.control.getSignIn({ id: 'notes' })).toMatchObject({
      state: 'needs-signin',
      reason: 'the authorization server refused to refresh the sign-in',
    });
    expect(notices).toEqual([
      'Sign-in needed: notes: the authorization server refused to refresh the sign-in. ' +
        'Open Switchboard to sign in.',
    ]);
    expect(events).toContainEqual({
      type: 'signInNeeded',
      serverId: 'notes',
      reason: 'the authorization server refused to refresh the sign-in',
    });
  });

  it('keeps the session across a restart', async () => {
    const { mcp, dataDir } = await setUp();
    const first = await start(dataDir, mcp);
    await signIn(first);
    await first.stop();
    const second = await start(dataDir, mcp);
    expect(second.sb.gateway.status('notes')?.state).toBe('ready');
    const agent = await second.agent();
    expect(await whoami(agent)).toEqual({ isError: false, text: 'signed in as alice (read)' });
  });

  it('signs in with a pre-registered client id and secret', async () => {
    const client = {
      client_id: 'switchboard-by-hand',
      client_secret: 'hand-copied-secret-123',
      redirect_uris: ['http://127.0.0.1/oauth/callback'],
    };
    const { as, mcp, dataDir } = await setUp({
      dynamicRegistration: false,
      preRegistered: [client],
    });
    const switchboard = await start(dataDir, mcp);
    await expect(switchboard.sb.control.startSignIn({ id: 'notes' })).rejects.toThrow(
      /could not start the sign-in/,
    );
    await signIn(switchboard, { clientId: client.client_id, clientSecret: client.client_secret });
    expect(as.events).not.toContain('register:dynamic');
    const agent = await switchboard.agent();
    expect((await whoami(agent)).isError).toBe(false);
  });

  it('signs out, revoking the tokens at the authorization server', async () => {
    const { as, mcp, dataDir } = await setUp();
    const switchboard = await start(dataDir, mcp);
    await signIn(switchboard);
    expect(await switchboard.sb.control.signOut({ id: 'notes' })).toEqual({ revoked: true });
    expect(as.events).toContain('revoke');
    expect(await switchboard.sb.control.getSignIn({ id: 'notes' })).toMatchObject({
      state: 'needs-signin',
      reason: 'signed out',
    });
    await vi.waitFor(() =>
      expect(switchboard.sb.gateway.status('notes')?.state).toBe('needs-signin'),
    );
  });

  it('sends no token to a server of another resource', async () => {
    const { as, mcp, dataDir } = await setUp();
    const other = await startProtectedServer(as);
    cleanups.push(() => other.close());
    const switchboard = await start(dataDir, mcp);
    await signIn(switchboard);
    // The person points the server at another URL: the tokens were issued for the first one.
    const view = await switchboard.sb.control.listServers();
    const config = view.find((s) => s.config.id === 'notes')!.config;
    await switchboard.sb.control.updateServer({
      id: 'notes',
      server: { ...config, transport: { type: 'http', url: other.url, headers: {} } },
    });
    await vi.waitFor(() =>
      expect(switchboard.sb.gateway.status('notes')?.state).toBe('needs-signin'),
    );
    expect(other.authorizations).toEqual([]);
  });

  it('asks again with the wider scope when the server answers insufficient_scope', async () => {
    const { mcp, dataDir } = await setUp();
    const switchboard = await start(dataDir, mcp);
    await signIn(switchboard);
    const agent = await switchboard.agent();
    const write = async () => {
      const result = await agent.callTool({ name: 'notes__write_note', arguments: {} });
      const text = (result.content as Array<{ text: string }>)[0]!.text;
      return { isError: result.isError === true, text };
    };
    const refused = await write();
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/needs sign-in: the server asks for a wider sign-in/);
    // The narrower sign-in still serves the tools it covers meanwhile.
    expect((await whoami(agent)).isError).toBe(false);
    const { url } = await switchboard.sb.control.startSignIn({ id: 'notes' });
    expect(new URL(url).searchParams.get('scope')).toBe('read write');
    expect((await signInByForm(url)).status).toBe(200);
    await vi.waitFor(async () =>
      expect(await switchboard.sb.control.getSignIn({ id: 'notes' })).toMatchObject({
        state: 'signed-in',
        scopes: ['read', 'write'],
      }),
    );
    await vi.waitFor(() => expect(switchboard.sb.gateway.status('notes')?.state).toBe('ready'));
    expect(await write()).toEqual({ isError: false, text: 'note written' });
  });
});
