import {
  Client,
  DEFAULT_REQUEST_TIMEOUT_MSEC,
  SSEClientTransport,
  StreamableHTTPClientTransport,
  type ClientOptions,
  SdkHttpError,
  type OAuthClientProvider,
  type JSONRPCMessage,
  type PriorDiscovery,
  type Transport,
} from '@modelcontextprotocol/client';
import type { ServerConfig, ServerState } from '../../../shared/model.js';
import type { ServerLists } from '../catalog/catalog.js';
import { errorMessage } from '../errors.js';
import { CallClock } from './call-clock.js';
import { childEnv } from './child-env.js';
import { tolerateListError, type ListMethod } from './optional-lists.js';
import { ModernSession } from './modern-session.js';
import { CLIENT_CAPABILITIES, ClientRequests, type ServerRequestRelay } from './client-requests.js';
import { isReadOnlyRequest, sessionLoss, watchSessionStreams } from './session-loss.js';
import {
  ProcessTransport,
  spawnLauncher,
  wireLimit,
  type ProcessTransportLimits,
  type StdioLauncher,
} from './process-transport.js';
import { createUpstreamFetch } from './http-fetch.js';
import { KeepAlivePost } from './http-post.js';
import { LeanRequests } from './lean-requests.js';
import { lean } from '../lean.js';
import { downReason } from './down-reason.js';
import { StderrTail } from './stderr-tail.js';
import { TASK_STATUS, taskResultSchema, taskStatusParams } from './task-schemas.js';
import { findNeedsSignIn } from './oauth/needs-sign-in.js';
import type { UpstreamEvents } from './events.js';

/**
 * The OAuth provider an HTTP connection signs its requests with (oauth/sign-ins.ts), or
 * undefined: every remote server without a configured Authorization header gets one, so a
 * server that answers 401 with OAuth metadata is `needs-signin` rather than `down`.
 */
export type UpstreamAuth = (serverId: string, url: string) => OAuthClientProvider | undefined;

/**
 * What a connection tells the replica slot that holds it (replica-life.ts): its own lifecycle.
 * Everything the server says for the gateway goes straight to the server's `UpstreamEvents`
 * (events.ts).
 */
export interface ConnectionHooks {
  /** The connection's state, error or stderr changed. */
  onChange(): void;
  /** The connection closed on its own (crash, EOF, network). */
  onClosed(error: string): void;
  /** The server no longer knows this connection's session (it restarted between calls). */
  onSessionLost(): void;
}

/** How a connection is made. */
export interface ConnectionOptions {
  /** Starts stdio servers another way than `spawn`, when it takes them. */
  launcher?: StdioLauncher | undefined;
  limits?: ProcessTransportLimits;
  auth?: UpstreamAuth | undefined;
  /** Whether its lists are the server's: the first replica's are, the others serve the same. */
  reportsLists: boolean;
}

/** What a server can relay beyond calls: log lines at a level set, and resource updates. */
export interface Relays {
  logging: boolean;
  subscribe: boolean;
  /** 2025-11-25 tasks for tools/call (`tasks.requests.tools.call`). */
  tasks: boolean;
}

/** Options for one request forwarded to the server. */
export interface ForwardOptions {
  signal?: AbortSignal;
  timeout?: number;
  onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
  /** Where the server's sampling, elicitation and roots requests during this call go. */
  relay?: ServerRequestRelay;
  /** Told how long the call waited for its server to start (it found it asleep or starting). */
  onStartWait?: (ms: number) => void;
}

const CLIENT_INFO = { name: 'switchboard', version: '0.1.0' };

/** The requests that take the lean path (lean-requests.ts): the hot ones, each one round trip. */
const LEAN_METHODS = new Set([
  'tools/call',
  'resources/read',
  'prompts/get',
  'completion/complete',
]);

/** Server notifications handed to `onNotification` (the agent relays route them). */
const RELAYED_NOTIFICATIONS = ['notifications/message', 'notifications/resources/updated'] as const;

/**
 * One live MCP client connection to one downstream server (stdio child, Streamable HTTP or
 * legacy SSE), with its lists and status.
 *
 * The connection speaks only MCP through the SDK `Client`. Requests are forwarded with
 * `client.request` so results pass through untouched (no output-schema validation or response
 * cache of the SDK's convenience methods in the way).
 */
export class UpstreamConnection {
  state: ServerState = 'starting';
  lastError: string | undefined;
  protocolVersion: string | undefined;
  /** When the connection became ready (epoch ms), for the server's uptime. */
  readySince: number | undefined;
  readonly stderr = new StderrTail();
  private client: Client | undefined;
  private transport: Transport | undefined;
  private closing = false;
  /** Set when the session was found lost: a close that follows is a loss, not a stop. */
  sessionLost = false;
  private httpReceivedAt = 0;
  private lists: ServerLists = { tools: [], resources: [], resourceTemplates: [], prompts: [] };
  private readonly progressHandlers = new Map<string, NonNullable<ForwardOptions['onprogress']>>();
  private progressCounter = 0;
  /** Log level and subscriptions of a 2026-07-28 connection, which has no methods for them. */
  private readonly modern = new ModernSession();
  private readonly clientRequests: ClientRequests;
  /** Hot requests sent below the SDK client (lean-requests.ts), once connected. */
  private lean: LeanRequests | undefined;
  /** A Streamable HTTP server's keep-alive POST for those requests (http-post.ts). */
  private post: KeepAlivePost | undefined;

  constructor(
    readonly config: ServerConfig,
    private readonly events: UpstreamEvents,
    private readonly hooks: ConnectionHooks,
    private readonly options: ConnectionOptions,
  ) {
    this.clientRequests = new ClientRequests(config.id);
  }

  /** Whether the gateway closed this connection itself (a stop or a restart), not the server. */
  get closedByGateway(): boolean {
    return this.closing;
  }

  /** Epoch ms at which the server last sent bytes (stdio; 0 where unknown). */
  get lastReceivedAt(): number {
    return this.transport instanceof ProcessTransport
      ? this.transport.lastReceivedAt
      : this.httpReceivedAt;
  }

  /** The child's pid (stdio only, once started). */
  get pid(): number | undefined {
    return this.transport instanceof ProcessTransport ? this.transport.pid : undefined;
  }

  /**
   * Connects, negotiates the protocol era and fetches every list; throws on failure. The era
   * remembered from the last run is adopted without a probe (on stdio the probe costs a whole
   * extra process); if it turns out wrong, it is forgotten and the next start negotiates.
   */
  async start(timeoutMs: number): Promise<void> {
    this.closing = false;
    this.state = 'starting';
    this.hooks.onChange();
    const client = new Client(CLIENT_INFO, this.clientOptions());
    this.clientRequests.install(client);
    const transport = this.createTransport();
    this.client = client;
    this.transport = transport;
    // Only this start's client speaks for the connection: a stopped one's close can come after
    // the next start (a server woken right after it was put to sleep).
    client.onclose = () => {
      if (this.client === client) this.handleClose();
    };
    for (const method of RELAYED_NOTIFICATIONS) {
      client.setNotificationHandler(method, (n) => this.events.onNotification?.(method, n.params));
    }
    // Not a spec method to SDK 2.4 (no task runtime): its params are checked by the wire schema.
    client.setNotificationHandler(TASK_STATUS, { params: taskStatusParams }, (params) =>
      this.events.onNotification?.(TASK_STATUS, params as Record<string, unknown>),
    );
    // Only a negotiated era is remembered; a configured one is used as it is.
    const prior = this.config.era === 'auto' ? this.events.prior?.() : undefined;
    try {
      await client.connect(transport, { timeout: timeoutMs, ...(prior ? { prior } : {}) });
      this.interceptProgress(transport);
      // Before the stream watcher: a lean request's lost stream is answered through it too.
      this.lean = new LeanRequests(transport);
      this.lean.install();
      watchSessionStreams(transport, () => this.hooks.onSessionLost());
      this.protocolVersion = client.getNegotiatedProtocolVersion();
      this.lists = await this.fetchLists(timeoutMs);
      this.state = 'ready';
      this.readySince = Date.now();
      this.lastError = undefined;
      this.rememberEra(client);
      this.reportLists();
      this.hooks.onChange();
      this.events.onReady?.();
    } catch (error) {
      if (prior) this.events.onPrior?.(undefined);
      const needs = findNeedsSignIn(error);
      if (needs) {
        // Not an outage: only a person signing in fixes it, so no restart (replica-life.ts).
        this.state = 'needs-signin';
        this.lastError = needs.message;
        this.hooks.onChange();
        await this.stop();
        throw error;
      }
      this.fail(downReason(this.config, error, this.stderr.lines()));
      await this.stop();
      // The child has exited now: its last stderr lines may have come after the failure.
      const reason = downReason(this.config, error, this.stderr.lines());
      if (reason !== this.lastError) this.fail(reason);
      throw error;
    }
  }

  private rememberEra(client: Client): void {
    const discover = client.getDiscoverResult();
    const era: PriorDiscovery =
      client.getProtocolEra() === 'modern' && discover
        ? { kind: 'modern', discover }
        : { kind: 'legacy' };
    this.events.onPrior?.(era);
  }

  /** What the server declared it can relay; nothing before it is connected. */
  get relays(): Relays {
    const caps = this.state === 'ready' ? this.client?.getServerCapabilities() : undefined;
    return {
      logging: !!caps?.logging,
      subscribe: !!caps?.resources?.subscribe,
      tasks: !!caps?.tasks?.requests?.tools?.call,
    };
  }

  /** Forwards one request to the server and returns its result as the server sent it. */
  async request(
    method: string,
    params: Record<string, unknown> | undefined,
    options: ForwardOptions,
  ): Promise<Record<string, unknown>> {
    const client = this.client;
    if (!client || this.state === 'down') {
      throw new Error(`server ${this.config.id} is not connected`);
    }
    const modern = client.getProtocolEra() === 'modern';
    if (modern && this.modern.handles(method)) {
      return this.modern.request(client, method, params ?? {});
    }
    let token: string | undefined;
    let forwarded = modern ? this.modern.stamp(params) : params;
    if (options.onprogress) {
      token = `sb-${++this.progressCounter}`;
      this.progressHandlers.set(token, options.onprogress);
      const meta = (forwarded?._meta as Record<string, unknown> | undefined) ?? {};
      forwarded = { ...forwarded, _meta: { ...meta, progressToken: token } };
    }
    // input_required answers come back to us: their requests are relayed to this very call.
    const clock = new CallClock(options.timeout ?? DEFAULT_REQUEST_TIMEOUT_MSEC, options.signal);
    const schema = taskResultSchema(method, forwarded);
    const send = (params: Record<string, unknown> | undefined) => {
      const request = (params === undefined ? { method } : { method, params }) as never;
      const opts = { ...clock.options, allowInputRequired: true };
      return (
        schema ? client.request(request, schema as never, opts) : client.request(request, opts)
      ) as Promise<Record<string, unknown>>;
    };
    const untrack = this.clientRequests.track(options.relay, clock);
    const leanRequests =
      lean.enabled && !schema && LEAN_METHODS.has(method) && this.lean?.ready(modern)
        ? this.lean
        : undefined;
    try {
      // A 2026-07-28 server asking for input first is left to the SDK, which fulfils and retries.
      // A 2026-07-28 HTTP server hears a cancellation as its request's stream closing.
      const cancelBy = modern && this.post ? 'abort' : 'notification';
      const answer = await leanRequests?.request(
        method,
        forwarded,
        clock.options.signal,
        this.leanSend,
        cancelBy,
      );
      const first = answer?.kind === 'result' ? answer.result : await send(forwarded);
      return await this.clientRequests.complete(first, options.relay, clock, (extra) =>
        send({ ...forwarded, ...extra }),
      );
    } catch (error) {
      // A lost session is the replica's to renew (session-loss.ts); it decides on a retry.
      // Our own stop, or the agent's cancellation (whose reason may read "Connection closed"),
      // is no loss of the session.
      // A server the gateway cut off (an endless stdout line) misbehaved: that is a crash to
      // report and restart with backoff, not a lost session to renew at once.
      const cut = this.transport instanceof ProcessTransport && !!this.transport.cutOff;
      const ours = (this.closing && !this.sessionLost) || options.signal?.aborted === true || cut;
      throw sessionLoss(error, this.config.id, this.transport, ours) ?? error;
    } finally {
      clock.stop();
      untrack();
      if (token) this.progressHandlers.delete(token);
    }
  }

  /** The wire of lean requests: the keep-alive POST where it carries them, else the transport. */
  private readonly leanSend = async (message: JSONRPCMessage, signal?: AbortSignal) => {
    const transport = this.transport;
    if (!transport) throw new Error(`server ${this.config.id} is not connected`);
    const viaSdk = () => transport.send(message, signal ? { requestSignal: signal } : undefined);
    if (!this.post?.carries(message)) return viaSdk();
    try {
      return await this.post.send(message, signal);
    } catch (error) {
      // Refused credentials (401: a token expired early or revoked; 403: a scope too narrow):
      // the request never ran, so the SDK transport sends it again through its auth flow,
      // which refreshes, steps up the scope, or reports the sign-in needed.
      if (error instanceof SdkHttpError && (error.status === 401 || error.status === 403)) {
        return viaSdk();
      }
      throw error;
    }
  };

  /**
   * Delivers progress notifications ourselves, synchronously and in wire order. The SDK client
   * (2.4) dispatches notifications a microtask after responses, so the last progress of a call
   * that arrives in the same chunk as its result would be lost (typescript-sdk#2580).
   */
  private interceptProgress(transport: Transport): void {
    const dispatch = transport.onmessage;
    transport.onmessage = (message, extra) => {
      const m = message as { method?: string; params?: { progressToken?: unknown } };
      if (m.method === 'notifications/progress' && typeof m.params?.progressToken === 'string') {
        const handler = this.progressHandlers.get(m.params.progressToken);
        if (handler) {
          handler(m.params as { progress: number; total?: number; message?: string });
          return;
        }
      }
      dispatch?.call(transport, message, extra);
    };
  }

  /** Whether a request only reads, judged by this server's own tool annotations. */
  isReadOnly(method: string, params: Record<string, unknown> | undefined): boolean {
    return isReadOnlyRequest(method, params, this.lists.tools);
  }

  /**
   * A health probe: MCP `ping` on a 2025-era connection; `server/discover` on a 2026-07-28
   * one, whose revision has no `ping`.
   */
  async ping(timeoutMs: number): Promise<void> {
    const client = this.client;
    if (!client) throw new Error(`server ${this.config.id} is not connected`);
    if (client.getProtocolEra() === 'modern') await client.discover({ timeout: timeoutMs });
    else await client.ping({ timeout: timeoutMs });
  }

  /** Closes the connection; a stdio child gets its stdin closed, then signals. */
  async stop(): Promise<void> {
    this.closing = true;
    const client = this.client;
    const transport = this.transport;
    this.client = undefined;
    this.lean?.closeAll();
    this.post?.close();
    try {
      await client?.close();
    } catch {
      // Closing a connection that already failed can throw; the child is gone either way.
    }
    // A stop during the handshake: the client may not hold the transport yet, so close it too
    // (closing twice is harmless) — no child process outlives a stop.
    await transport?.close().catch(() => undefined);
  }

  private clientOptions(): ClientOptions {
    const refresh = <K extends keyof ServerLists>(key: K) => ({
      onChanged: (error: Error | null, items: ServerLists[K] | null) => {
        if (error || !items) return;
        this.lists = { ...this.lists, [key]: items };
        this.reportLists();
      },
    });
    return {
      capabilities: CLIENT_CAPABILITIES,
      versionNegotiation: negotiation(this.config.era),
      listChanged: {
        tools: refresh('tools'),
        prompts: refresh('prompts'),
        resources: refresh('resources'),
      },
    } as ClientOptions;
  }

  private createTransport(): Transport {
    const transport = this.config.transport;
    this.post = undefined;
    if (transport.type === 'stdio') {
      // The launcher (the app's utility processes) may take it; otherwise a plain spawn.
      const env = childEnv(transport.env);
      const args = [transport.command, transport.args, env, transport.cwd] as const;
      const child = this.options.launcher?.(...args) ?? spawnLauncher(...args)!;
      child.stderr?.on('data', (chunk: Buffer) => {
        if (this.stderr.push(chunk)) this.hooks.onChange();
      });
      return new ProcessTransport(child, this.limits);
    }
    const requestInit = { headers: transport.headers };
    const url = new URL(transport.url);
    // Bounded abort listeners, bytes seen as they arrive, answers measured (http-fetch.ts).
    const fetch = createUpstreamFetch({
      headers: transport.headers,
      onBytes: () => (this.httpReceivedAt = Date.now()),
      ...(this.limits.maxResultBytes === undefined
        ? {}
        : { maxMessageBytes: wireLimit(this.limits.maxResultBytes) }),
    });
    // A configured Authorization header is the person's choice of credential: OAuth stays out.
    const fixed = Object.keys(transport.headers).some((h) => h.toLowerCase() === 'authorization');
    const authProvider = fixed ? undefined : this.options.auth?.(this.config.id, transport.url);
    const auth = authProvider ? { authProvider } : {};
    if (transport.type === 'sse') {
      return new SSEClientTransport(url, {
        requestInit,
        fetch,
        eventSourceInit: { fetch },
        ...auth,
      });
    }
    const streamable = new StreamableHTTPClientTransport(url, { requestInit, fetch, ...auth });
    this.post = new KeepAlivePost(streamable, {
      url,
      headers: transport.headers,
      onBytes: () => (this.httpReceivedAt = Date.now()),
      ...(this.limits.maxResultBytes === undefined
        ? {}
        : { maxMessageBytes: wireLimit(this.limits.maxResultBytes) }),
      ...(authProvider ? { authorization: () => bearerOf(authProvider) } : {}),
    });
    return streamable;
  }

  private async fetchLists(timeoutMs: number): Promise<ServerLists> {
    const client = this.client!;
    const caps = client.getServerCapabilities() ?? {};
    // Bypass the SDK's response cache: the gateway keeps its own catalog and must see changes.
    const opts = { timeout: timeoutMs, cacheMode: 'bypass' as const };
    // A list the server declared but cannot give is logged and left empty (optional-lists.ts).
    const skip = (method: ListMethod) => (error: unknown) =>
      tolerateListError(method, error, (message) => this.events.onNotice?.(message));
    const [tools, resources, resourceTemplates, prompts] = await Promise.all([
      caps.tools ? client.listTools(undefined, opts).then((r) => r.tools, skip('tools/list')) : [],
      caps.resources
        ? client.listResources(undefined, opts).then((r) => r.resources, skip('resources/list'))
        : [],
      caps.resources
        ? client
            .listResourceTemplates(undefined, opts)
            .then((r) => r.resourceTemplates, skip('resources/templates/list'))
        : [],
      caps.prompts
        ? client.listPrompts(undefined, opts).then((r) => r.prompts, skip('prompts/list'))
        : [],
    ]);
    return { tools, resources, resourceTemplates, prompts };
  }

  private reportLists(): void {
    if (this.options.reportsLists) this.events.onLists(this.lists);
  }

  /** Transport limits (settings.maxResultBytes). */
  private get limits(): ProcessTransportLimits {
    return this.options.limits ?? {};
  }

  private fail(error: unknown): void {
    this.state = 'down';
    this.lastError = errorMessage(error);
    this.hooks.onChange();
  }

  private handleClose(): void {
    this.lean?.closeAll();
    this.post?.close();
    if (this.closing) return;
    this.client = undefined;
    const tail = this.stderr.lines().at(-1);
    const cutOff = this.transport instanceof ProcessTransport ? this.transport.cutOff : undefined;
    const reason = cutOff ?? `the server closed the connection${tail ? ` (stderr: ${tail})` : ''}`;
    this.fail(reason);
    this.hooks.onClosed(reason);
  }
}

/** The SDK's negotiation for a server's configured era. */
function negotiation(era: ServerConfig['era']): NonNullable<ClientOptions['versionNegotiation']> {
  if (era === '2025') return { mode: 'legacy' };
  if (era === '2026-07-28') return { mode: { pin: '2026-07-28' } };
  // A server silent for 5 s on the probe is taken as a 2025-era one.
  return { mode: 'auto', probe: { timeoutMs: 5_000 } };
}

/** The bearer the SDK transport would send for a provider's tokens, or none before a sign-in. */
async function bearerOf(provider: OAuthClientProvider): Promise<string | undefined> {
  const tokens = await provider.tokens();
  return tokens?.access_token ? `Bearer ${tokens.access_token}` : undefined;
}
