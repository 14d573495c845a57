import { randomBytes } from 'node:crypto';
import type {
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from '@modelcontextprotocol/client';
import { loadClientSdk, type ClientSdkModule } from '../client-sdk.js';
import { NeedsSignInError } from './needs-sign-in.js';
import { NoOAuthMetadataError } from './no-oauth-metadata.js';
import type { KeptTokens, OAuthStore } from './oauth-store.js';

/** What every provider of one Switchboard shares. */
export interface ProviderContext {
  store: OAuthStore;
  /** The loopback redirect served by Switchboard's own HTTP server. */
  redirectUrl(): string;
  /** Switchboard's client ID metadata document (an https URL), where one is published. */
  clientMetadataUrl?: string;
  /** Told each token value as it arrives, so the redactor masks it everywhere. */
  onSecret(value: string): void;
  /** Refreshes the server's tokens now (coalesced); called when they are about to expire. */
  refresh(serverId: string): Promise<void>;
  /** Told before a NeedsSignInError is thrown, so the state and notification follow. */
  onNeedsSignIn(error: NeedsSignInError): void;
  now(): number;
}

type ResourceCheck = ClientSdkModule['checkResourceAllowed'];

/** An access token this close to its expiry is refreshed before it is sent. */
export const REFRESH_MARGIN_MS = 60_000;

/**
 * The SDK's OAuthClientProvider for one server, kept in the OAuthStore. A connection's
 * provider is not interactive: where the SDK would send a person to the authorization page, it
 * throws NeedsSignInError, and the control center's "Sign in" starts an interactive one.
 */
export class ServerOAuthProvider implements OAuthClientProvider {
  /** The authorization page the last interactive run would send the person to. */
  authorizationUrl: URL | undefined;
  /** The authorization server refused the stored tokens during this run. */
  private refused = false;
  private resource: string | undefined;

  constructor(
    readonly serverId: string,
    readonly serverUrl: string,
    private readonly context: ProviderContext,
    private readonly interactive: boolean,
  ) {}

  get redirectUrl(): string {
    return this.context.redirectUrl();
  }

  get clientMetadataUrl(): string | undefined {
    return this.context.clientMetadataUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Switchboard',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  private get record() {
    return this.context.store.get(this.serverId) ?? {};
  }

  state(): string {
    const state = randomBytes(24).toString('base64url');
    this.context.store.update(this.serverId, (r) => ({ ...r, pendingState: state }));
    return state;
  }

  clientInformation(): StoredOAuthClientInformation | undefined {
    return this.record.client;
  }

  saveClientInformation(client: StoredOAuthClientInformation): void {
    if (client.client_secret) this.context.onSecret(client.client_secret);
    this.context.store.update(this.serverId, (r) => ({ ...r, client }));
  }

  /**
   * The stored tokens, only while they were issued for this server's URL (a changed URL is
   * another resource: its tokens stay unsent). The transport's own read (no `ctx`) refreshes
   * an access token about to expire before it goes out.
   */
  async tokens(ctx?: { issuer: string }): Promise<StoredOAuthTokens | undefined> {
    // The SDK asks, so it is loaded already: this only fetches its resource check.
    const { checkResourceAllowed } = await loadClientSdk();
    const bound = () => this.bound(checkResourceAllowed);
    let tokens = bound();
    if (!ctx && tokens?.refresh_token && tokens.expires_at !== undefined) {
      if (tokens.expires_at - this.context.now() < REFRESH_MARGIN_MS) {
        await this.context.refresh(this.serverId);
        tokens = bound();
      }
    }
    return tokens;
  }

  private bound(checkResourceAllowed: ResourceCheck): KeptTokens | undefined {
    const tokens = this.record.tokens;
    if (!tokens) return undefined;
    const resource = tokens.resource ?? this.serverUrl;
    const allowed = checkResourceAllowed({
      requestedResource: this.serverUrl,
      configuredResource: resource,
    });
    return allowed ? tokens : undefined;
  }

  saveTokens(tokens: StoredOAuthTokens): void {
    for (const value of [tokens.access_token, tokens.refresh_token, tokens.id_token]) {
      if (value) this.context.onSecret(value);
    }
    const kept: KeptTokens = {
      ...tokens,
      // A refresh may answer without a new refresh token: the old one stays good.
      refresh_token: tokens.refresh_token ?? this.record.tokens?.refresh_token,
      resource: this.resource ?? this.record.tokens?.resource ?? this.serverUrl,
      ...(tokens.expires_in === undefined
        ? {}
        : { expires_at: this.context.now() + tokens.expires_in * 1000 }),
    };
    this.context.store.update(this.serverId, (r) => {
      const { needsSignIn: _dropped, ...rest } = r;
      return { ...rest, tokens: kept, scope: tokens.scope ?? r.scope };
    });
  }

  saveResourceUrl(resource: string): void {
    this.resource = resource;
  }

  redirectToAuthorization(url: URL): void {
    if (this.interactive) {
      this.authorizationUrl = url;
      return;
    }
    const scope = url.searchParams.get('scope') ?? undefined;
    const { tokens, discovery } = this.record;
    const issuer = discovery?.authorizationServerMetadata?.issuer;
    const moved = !!tokens?.issuer && !!issuer && tokens.issuer !== issuer;
    const stepUp = !!tokens && !this.refused && !moved;
    const reason = this.refused
      ? 'the authorization server refused to refresh the sign-in'
      : moved
        ? 'the server now names another authorization server'
        : stepUp
          ? 'the server asks for a wider sign-in'
          : 'not signed in';
    const error = new NeedsSignInError(this.serverId, reason, scope, stepUp);
    this.context.onNeedsSignIn(error);
    throw error;
  }

  saveCodeVerifier(verifier: string): void {
    this.context.store.update(this.serverId, (r) => ({ ...r, verifier }));
  }

  codeVerifier(): string {
    const verifier = this.record.verifier;
    if (!verifier) throw new Error('no sign-in is under way for this server');
    return verifier;
  }

  saveDiscoveryState(discovery: OAuthDiscoveryState): void {
    // A 401 with no metadata at all is not OAuth: stop before the SDK guesses `/register` at
    // the server's origin, and before anything about this server is written to the store.
    if (!discovery.resourceMetadata && !discovery.authorizationServerMetadata) {
      throw new NoOAuthMetadataError(this.serverUrl);
    }
    this.context.store.update(this.serverId, (r) => ({ ...r, discovery }));
  }

  /**
   * What discovery found, for the interactive sign-in only: its callback leg must meet the
   * issuer it started with. A connection discovers afresh each time it runs `auth()` (a 401 or
   * a refresh, rare): a server that now names another authorization server is seen at once,
   * and the SDK then drops the tokens stamped with the old issuer instead of sending them on.
   * Nor is a discovery made for another resource (the server's URL changed) used.
   */
  async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    if (!this.interactive) return undefined;
    const { checkResourceAllowed } = await loadClientSdk();
    const discovery = this.record.discovery;
    const resource = discovery?.resourceMetadata?.resource;
    if (
      resource &&
      !checkResourceAllowed({ requestedResource: this.serverUrl, configuredResource: resource })
    ) {
      return undefined;
    }
    return discovery;
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'all' || scope === 'tokens') this.refused = true;
    this.context.store.update(this.serverId, (r) => {
      const next = { ...r };
      if (scope === 'all' || scope === 'tokens') delete next.tokens;
      if (scope === 'all' || scope === 'client') delete next.client;
      if (scope === 'all' || scope === 'verifier') delete next.verifier;
      if (scope === 'all' || scope === 'discovery') delete next.discovery;
      return next;
    });
  }
}
