import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { createSignInNotices, type SignInNoticeStep } from '../src/main/control/sign-in-notice.js';
import { startAuthServer } from './fixtures/oauth/auth-server.js';
import { startProtectedServer } from './fixtures/oauth/protected-server.js';
import { signInByForm, startOAuthSwitchboard } from './helpers/oauth-switchboard.js';

// The desktop's sign-in notifications, decided from the control events of a real Switchboard
// in front of the fixture authorization server and the MCP server it protects: a refused
// refresh is told once per server (however many calls fail after it), withdrawn when the
// person signs in again, and told again on the next refusal. No token is ever in the text.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp() {
  const as = await startAuthServer();
  const mcp = await startProtectedServer(as);
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-notices-'));
  const switchboard = await startOAuthSwitchboard(dataDir, { notes: mcp.url });
  cleanups.push(
    () => as.close(),
    () => mcp.close(),
    () => rmSync(dataDir, { recursive: true, force: true }),
    () => switchboard.stop(),
  );
  const steps: SignInNoticeStep[] = [];
  const notices = createSignInNotices({ redactor: switchboard.redactor });
  switchboard.sb.control.subscribe((event) => steps.push(...notices.next(event)));
  return { as, switchboard, steps };
}

async function signIn(switchboard: Awaited<ReturnType<typeof setUp>>['switchboard']) {
  const { url } = await switchboard.sb.control.startSignIn({ id: 'notes' });
  expect((await signInByForm(url)).status).toBe(200);
  await vi.waitFor(() => expect(switchboard.sb.gateway.status('notes')?.state).toBe('ready'), {
    timeout: 15_000,
  });
}

const whoami = (agent: Client) => agent.callTool({ name: 'notes__whoami', arguments: {} });

describe('sign-in notifications', () => {
  it('tells a refused refresh once per server, withdraws it at sign-in, tells the next', async () => {
    const { as, switchboard, steps } = await setUp();
    // Not signed in yet at start: that is the Servers view's news, not a notification's.
    expect(steps).toEqual([]);
    await signIn(switchboard);
    const agent = await switchboard.agent();
    expect((await whoami(agent)).isError).toBeFalsy();

    as.revokeRefreshTokens();
    as.expireAccessTokens();
    expect((await whoami(agent)).isError).toBe(true);
    await vi.waitFor(() => expect(steps.filter((s) => s.kind === 'show')).toHaveLength(1));
    expect(steps[0]).toEqual({
      kind: 'show',
      notice: {
        serverId: 'notes',
        title: 'Sign in to notes again',
        body:
          'the authorization server refused to refresh the sign-in. ' +
          'Its tools fail until you sign in: click to open Switchboard.',
        route: { view: 'servers' },
      },
    });
    // More failing calls, and the reconnect after the refusal: no second notification.
    expect((await whoami(agent)).isError).toBe(true);
    expect((await whoami(agent)).isError).toBe(true);
    await vi.waitFor(() =>
      expect(switchboard.sb.gateway.status('notes')?.state).toBe('needs-signin'),
    );
    expect(steps.filter((s) => s.kind === 'show')).toHaveLength(1);

    // Signed in again: the notification goes; the next refusal is news again.
    await signIn(switchboard);
    await vi.waitFor(() => expect(steps).toContainEqual({ kind: 'withdraw', serverId: 'notes' }));
    const agentAgain = await switchboard.agent();
    expect((await whoami(agentAgain)).isError).toBeFalsy();
    as.revokeRefreshTokens();
    as.expireAccessTokens();
    expect((await whoami(agentAgain)).isError).toBe(true);
    await vi.waitFor(() => expect(steps.filter((s) => s.kind === 'show')).toHaveLength(2));

    const text = JSON.stringify(steps);
    expect(as.issuedTokens.length).toBeGreaterThan(0);
    for (const token of as.issuedTokens) expect(text).not.toContain(token);
  });

  it('withdraws the notification of a server that was removed', async () => {
    const { as, switchboard, steps } = await setUp();
    await signIn(switchboard);
    const agent = await switchboard.agent();
    as.revokeRefreshTokens();
    as.expireAccessTokens();
    await whoami(agent);
    await vi.waitFor(() => expect(steps.map((s) => s.kind)).toEqual(['show']));
    await switchboard.sb.control.removeServer({ id: 'notes' });
    await vi.waitFor(() => expect(steps.at(-1)).toEqual({ kind: 'withdraw', serverId: 'notes' }));
  });
});

describe('sign-in notice text', () => {
  it('masks a credential-shaped reason and cuts a long one short', () => {
    const notices = createSignInNotices({ nameOf: () => 'Linear' });
    const secret = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const [step] = notices.next({
      type: 'signInNeeded',
      serverId: 'linear',
      reason: `refused token ${secret} ${'x'.repeat(400)}`,
    });
    expect(step?.kind).toBe('show');
    const notice = step?.kind === 'show' ? step.notice : undefined;
    expect(notice?.title).toBe('Sign in to Linear again');
    expect(notice?.body).not.toContain(secret);
    expect(notice?.body.length).toBeLessThan(260);
  });
});
