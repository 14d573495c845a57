import type { OAuthClientProvider } from '@modelcontextprotocol/client';
import type { SignInStatus, StartSignIn } from '../../../../shared/sign-in.js';
import { errorMessage } from '../../errors.js';
import { loadClientSdk } from '../client-sdk.js';
import { NeedsSignInError } from './needs-sign-in.js';
import { ServerOAuthProvider, type ProviderContext } from './oauth-provider.js';
import type { OAuthStore } from './oauth-store.js';
import { revokeTokens } from './revoke.js';

/** What the sign-ins tell their owner. */
export interface SignInEvents {
  /** A server's sign-in state changed (the UI shows it with the server). */
  changed(serverId: string): void;
  /** A sign-in finished: the server can be connected again. */
  signedIn(serverId: string): void;
  /** The person signed out: the connection must stop using the tokens. */
  signedOut(serverId: string): void;
  /**
   * A refresh was refused or a wider scope is needed: the person must sign in again.
   * `tokensLeft`: the tokens still serve the narrower scope (a step-up), so keep the server up.
   */
  needsSignIn(serverId: string, reason: string, tokensLeft: boolean): void;
}

export interface SignInOptions {
  store: OAuthStore;
  redirectUrl(): string;
  clientMetadataUrl?: string;
  onSecret(value: string): void;
  /** The URL of a configured remote server, or undefined when there is no such server. */
  serverUrl(serverId: string): string | undefined;
  events: SignInEvents;
  /** Told the page of each sign-in started (the desktop opens it in the system browser). */
  onStarted?: (url: string) => void;
  now?: () => number;
}

interface Pending {
  waiters: Array<(status: SignInStatus | undefined) => void>;
}

/**
 * OAuth sign-ins of remote servers, per the MCP authorization spec, on the SDK's `auth()`:
 * discovery, registration (client ID metadata document, dynamic, or pre-registered), PKCE S256
 * with the `resource` indicator, refresh before expiry and on 401, and revocation at sign-out.
 * Tokens live only in the OAuthStore and in the Authorization header of requests to the
 * resource they were issued for.
 */
export class OAuthSignIns {
  private readonly refreshes = new Map<string, Promise<void>>();
  private readonly pending = new Map<string, Pending>();
  private readonly failures = new Map<string, string>();
  private readonly context: ProviderContext;

  constructor(private readonly options: SignInOptions) {
    this.context = {
      store: options.store,
      redirectUrl: options.redirectUrl,
      ...(options.clientMetadataUrl ? { clientMetadataUrl: options.clientMetadataUrl } : {}),
      onSecret: options.onSecret,
      refresh: (id) => this.refresh(id),
      onNeedsSignIn: (error) => this.noteNeedsSignIn(error),
      now: options.now ?? Date.now,
    };
    for (const id of options.store.ids()) {
      const tokens = options.store.get(id)?.tokens;
      for (const value of [tokens?.access_token, tokens?.refresh_token, tokens?.id_token]) {
        if (value) options.onSecret(value);
      }
    }
  }

  /** The provider a connection to this server authenticates with (never interactive). */
  providerFor(serverId: string, url: string): OAuthClientProvider {
    return new ServerOAuthProvider(serverId, url, this.context, false);
  }

  /** Refreshes a server's tokens, one refresh at a time per server. */
  refresh(serverId: string): Promise<void> {
    const running = this.refreshes.get(serverId);
    if (running) return running;
    const url = this.requireUrl(serverId);
    const provider = this.providerFor(serverId, url);
    const run = loadClientSdk()
      .then(({ auth }) => auth(provider, { serverUrl: url }))
      .then(() => undefined)
      .finally(() => this.refreshes.delete(serverId));
    this.refreshes.set(serverId, run);
    return run;
  }

  /** Records that a server needs a sign-in; the person hears of it once per cause. */
  noteNeedsSignIn(error: NeedsSignInError): void {
    const before = this.options.store.get(error.serverId)?.needsSignIn;
    // The restart after a refused refresh finds no tokens: the first reason is the one to show.
    const reason = error.reason === 'not signed in' && before ? before : error.reason;
    this.options.store.update(error.serverId, (r) => ({
      ...r,
      needsSignIn: reason,
      ...(error.scope ? { scope: error.scope } : {}),
    }));
    this.options.events.changed(error.serverId);
    if (before !== error.reason && error.reason !== 'not signed in') {
      this.options.events.needsSignIn(error.serverId, error.reason, error.stepUp);
    }
  }

  /**
   * Starts an interactive sign-in and returns the authorization page to open. A client id
   * (and secret) replaces whatever client was registered before.
   */
  async start(input: StartSignIn): Promise<{ url: string }> {
    const url = this.requireUrl(input.id);
    const store = this.options.store;
    if (input.clientId) {
      if (input.clientSecret) this.options.onSecret(input.clientSecret);
      store.update(input.id, (r) => ({
        ...r,
        client: {
          client_id: input.clientId!,
          ...(input.clientSecret ? { client_secret: input.clientSecret } : {}),
        },
      }));
    }
    const provider = new ServerOAuthProvider(input.id, url, this.context, true);
    const scope = input.scope ?? store.get(input.id)?.scope;
    const { auth } = await loadClientSdk();
    await auth(provider, {
      serverUrl: url,
      forceReauthorization: true,
      ...(scope ? { scope } : {}),
    });
    if (!provider.authorizationUrl) throw new Error(`server ${input.id} gave no sign-in page`);
    this.failures.delete(input.id);
    this.pending.set(input.id, this.pending.get(input.id) ?? { waiters: [] });
    this.options.events.changed(input.id);
    this.options.onStarted?.(provider.authorizationUrl.href);
    return { url: provider.authorizationUrl.href };
  }

  /** Resolves when the server's sign-in under way completes or fails. */
  wait(serverId: string): Promise<SignInStatus | undefined> {
    const pending = this.pending.get(serverId);
    if (!pending) return Promise.resolve(this.status(serverId));
    return new Promise((resolve) => pending.waiters.push(resolve));
  }

  /**
   * The loopback redirect: trades the code for tokens (the code verifier and the recorded
   * issuer must match, and `state` names the sign-in). Returns what the page should say.
   */
  async finish(query: URLSearchParams): Promise<{ ok: boolean; message: string }> {
    const state = query.get('state');
    const serverId = state
      ? this.options.store.ids().find((id) => this.options.store.get(id)?.pendingState === state)
      : undefined;
    if (!serverId) return { ok: false, message: 'This sign-in is unknown or already finished.' };
    this.options.store.update(serverId, (r) => ({ ...r, pendingState: undefined }));
    let failure: string | undefined;
    try {
      const denied = query.get('error');
      if (denied) throw new Error(query.get('error_description') ?? denied);
      const url = this.requireUrl(serverId);
      const provider = new ServerOAuthProvider(serverId, url, this.context, true);
      const code = query.get('code') ?? '';
      const iss = query.get('iss') ?? undefined;
      const { auth } = await loadClientSdk();
      await auth(provider, { serverUrl: url, authorizationCode: code, ...(iss ? { iss } : {}) });
      this.options.store.update(serverId, (r) => ({ ...r, verifier: undefined }));
    } catch (error) {
      failure = `the sign-in failed: ${errorMessage(error)}`;
      this.failures.set(serverId, failure);
    }
    this.settle(serverId);
    if (failure) return { ok: false, message: failure };
    this.options.events.signedIn(serverId);
    return { ok: true, message: `Signed in to ${serverId}. You can close this page.` };
  }

  private settle(serverId: string): void {
    const pending = this.pending.get(serverId);
    this.pending.delete(serverId);
    this.options.events.changed(serverId);
    const status = this.status(serverId);
    for (const resolve of pending?.waiters ?? []) resolve(status);
  }

  /** Signs out: revokes the tokens where the authorization server can, and forgets them. */
  async signOut(serverId: string): Promise<{ revoked: boolean }> {
    const record = this.options.store.get(serverId);
    const revoked = record ? await revokeTokens(record).catch(() => false) : false;
    this.options.store.update(serverId, (r) => ({
      ...(r.client ? { client: r.client } : {}),
      needsSignIn: 'signed out',
    }));
    this.options.events.changed(serverId);
    this.options.events.signedOut(serverId);
    return { revoked };
  }

  /** The server's sign-in, or undefined for a server that never asked for one. */
  status(serverId: string): SignInStatus | undefined {
    const record = this.options.store.get(serverId);
    const failure = this.failures.get(serverId);
    if (this.pending.has(serverId)) return { state: 'signing-in', scopes: [] };
    if (!record && !failure) return undefined;
    const tokens = record?.tokens;
    if (!tokens || record?.needsSignIn || failure) {
      const reason = failure ?? record?.needsSignIn ?? 'not signed in';
      return { state: 'needs-signin', scopes: [], reason };
    }
    const who = identity(tokens.id_token);
    return {
      state: 'signed-in',
      scopes: (tokens.scope ?? '').split(' ').filter(Boolean),
      ...(who ? { signedInAs: who } : {}),
      ...(tokens.expires_at === undefined ? {} : { expiresAt: tokens.expires_at }),
      ...(tokens.issuer ? { issuer: tokens.issuer } : {}),
    };
  }

  private requireUrl(serverId: string): string {
    const url = this.options.serverUrl(serverId);
    if (!url) throw new Error(`no remote server "${serverId}" is configured`);
    return url;
  }
}

/** Who an ID token names, read for display only (it is not a credential here). */
function identity(idToken: string | undefined): string | undefined {
  const payload = idToken?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const who = claims.email ?? claims.preferred_username ?? claims.name ?? claims.sub;
    return typeof who === 'string' ? who : undefined;
  } catch {
    return undefined;
  }
}

export { NeedsSignInError };
