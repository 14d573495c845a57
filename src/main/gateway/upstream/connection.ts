import type { Client, JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import type { ServerConfig, ServerState } from '../../../shared/model.js';
import type * as SessionKitModule from './session-kit.js';
import type { ServerLists } from '../catalog/catalog.js';
import { errorMessage } from '../errors.js';
import type { ClientRequests } from './client-requests.js';
import type { ForwardOptions, Relays, UpstreamAuth } from './forward-options.js';
import { loadClientSdk } from './client-sdk.js';
import { isReadOnlyRequest, sessionLoss, watchSessionStreams } from './session-loss.js';
import type { ProcessTransport, ProcessTransportLimits } from './process-transport.js';
import type { StdioLauncher } from './stdio-launch.js';
import type { KeepAlivePost } from './http-post.js';
import type { LeanRequests } from './lean-requests.js';
import type { ModernSession } from './modern-session.js';
import { lean } from '../lean.js';
import { downReason } from './down-reason.js';
import { StderrTail } from './stderr-tail.js';
import { findNeedsSignIn } from './oauth/needs-sign-in.js';
import type { UpstreamEvents } from './events.js';
import { interceptProgress, type ProgressHandler } from './progress-routing.js';

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

/** What a session is made with (session-kit.ts), loaded with the first server that starts. */
type SessionKit = typeof SessionKitModule;
let sessionKit: SessionKit | undefined;

async function loadSessionKit(): Promise<SessionKit> {
  await loadClientSdk();
  sessionKit ??= await import('./session-kit.js');
  return sessionKit;
}

/** The requests that take the lean path (lean-requests.ts): the hot ones, each one round trip. */
const LEAN_METHODS = new Set([
  'tools/call',
  'resources/read',
  'prompts/get',
  'completion/complete',
]);

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
  /** The transport, when it is a stdio child's. */
  private stdio: ProcessTransport | undefined;
  private closing = false;
  /** Set when the session was found lost: a close that follows is a loss, not a stop. */
  sessionLost = false;
  private httpReceivedAt = 0;
  private lists: ServerLists = { tools: [], resources: [], resourceTemplates: [], prompts: [] };
  /** Each forwarded call's progress handler under its token (progress-routing.ts). */
  private readonly progressHandlers = new Map<string, ProgressHandler>();
  private progressCounter = 0;
  /**
   * Made at the first start, with the client SDK: the log level and subscriptions of a
   * 2026-07-28 connection (which has no methods for them), and the server's requests to relay.
   */
  private parts: { modern: ModernSession; clientRequests: ClientRequests } | undefined;
  /** Hot requests sent below the SDK client (lean-requests.ts), once connected. */
  private lean: LeanRequests | undefined;
  /** A Streamable HTTP server's keep-alive POST for those requests (http-post.ts). */
  private post: KeepAlivePost | undefined;

  constructor(
    readonly config: ServerConfig,
    private readonly events: UpstreamEvents,
    private readonly hooks: ConnectionHooks,
    private readonly options: ConnectionOptions,
  ) {}

  /** Whether the gateway closed this connection itself (a stop or a restart), not the server. */
  get closedByGateway(): boolean {
    return this.closing;
  }

  /** Epoch ms at which the server last sent bytes (stdio; 0 where unknown). */
  get lastReceivedAt(): number {
    return this.stdio ? this.stdio.lastReceivedAt : this.httpReceivedAt;
  }

  /** The child's pid (stdio only, once started). */
  get pid(): number | undefined {
    return this.stdio?.pid;
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
    // Only the first start of all waits here; later ones find the kit loaded.
    const kit = sessionKit ?? (await loadSessionKit());
    if (this.closing) {
      const stopped = new Error(`server ${this.config.id} was stopped while it started`);
      this.fail(stopped);
      throw stopped;
    }
    this.parts ??= {
      modern: new kit.ModernSession(),
      clientRequests: new kit.ClientRequests(this.config.id),
    };
    const client = kit.createUpstreamClient(this.config, this.events, (key, items) => {
      this.lists = { ...this.lists, [key]: items };
      this.reportLists();
    });
    this.parts.clientRequests.install(client);
    const { transport, post } = kit.createUpstreamTransport(this.config, {
      launcher: this.options.launcher,
      limits: this.options.limits ?? {},
      auth: this.options.auth,
      onStderr: (chunk) => {
        if (this.stderr.push(chunk)) this.hooks.onChange();
      },
      onBytes: () => (this.httpReceivedAt = Date.now()),
    });
    this.post = post;
    this.client = client;
    this.transport = transport;
    this.stdio = transport instanceof kit.ProcessTransport ? transport : undefined;
    // Only this start's client speaks for the connection: a stopped one's close can come after
    // the next start (a server woken right after it was put to sleep).
    client.onclose = () => {
      if (this.client === client) this.handleClose();
    };
    // Only a negotiated era is remembered; a configured one is used as it is.
    const prior = this.config.era === 'auto' ? this.events.prior?.() : undefined;
    try {
      await client.connect(transport, { timeout: timeoutMs, ...(prior ? { prior } : {}) });
      interceptProgress(transport, this.progressHandlers);
      // Before the stream watcher: a lean request's lost stream is answered through it too.
      this.lean = new kit.LeanRequests(transport);
      this.lean.install();
      watchSessionStreams(transport, () => this.hooks.onSessionLost());
      this.protocolVersion = client.getNegotiatedProtocolVersion();
      this.lists = await kit.fetchLists(client, timeoutMs, (m) => this.events.onNotice?.(m));
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
    if (client.getProtocolEra() === 'modern' && discover) {
      this.events.onPrior?.({ kind: 'modern', discover });
      return;
    }
    // A stdio server that never answered the probe was judged 2025 by its timeout: slow to boot
    // (ten servers starting at login on a busy machine), not shown to be of that era. Remembered,
    // the verdict would keep a 2026-07-28 server on 2025 at every later start; so nothing is
    // saved, and the next start asks again. (A remembered verdict used this time, with no probe,
    // stays as it was.)
    if (this.config.era === 'auto' && this.stdio && !this.stdio.probeAnswered) return;
    this.events.onPrior?.({ kind: 'legacy' });
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
    const kit = sessionKit;
    const parts = this.parts;
    if (!client || !kit || !parts || this.state === 'down') {
      throw new Error(`server ${this.config.id} is not connected`);
    }
    const modern = client.getProtocolEra() === 'modern';
    if (modern && parts.modern.handles(method)) {
      return parts.modern.request(client, method, params ?? {});
    }
    let token: string | undefined;
    let forwarded = modern ? parts.modern.stamp(params) : params;
    if (options.onprogress) {
      token = `sb-${++this.progressCounter}`;
      this.progressHandlers.set(token, options.onprogress);
      const meta = (forwarded?._meta as Record<string, unknown> | undefined) ?? {};
      forwarded = { ...forwarded, _meta: { ...meta, progressToken: token } };
    }
    // input_required answers come back to us: their requests are relayed to this very call.
    const timeout = options.timeout ?? kit.DEFAULT_REQUEST_TIMEOUT_MSEC;
    const clock = new kit.CallClock(timeout, options.signal);
    const schema = kit.taskResultSchema(method, forwarded);
    const send = (params: Record<string, unknown> | undefined) => {
      const request = (params === undefined ? { method } : { method, params }) as never;
      const opts = { ...clock.options, allowInputRequired: true };
      return (
        schema ? client.request(request, schema as never, opts) : client.request(request, opts)
      ) as Promise<Record<string, unknown>>;
    };
    const untrack = parts.clientRequests.track(options.relay, clock);
    const leanRequests =
      lean.enabled && !schema && LEAN_METHODS.has(method) && this.lean?.ready(modern)
        ? this.lean
        : undefined;
    try {
      // A 2026-07-28 server asking for input first is left to the SDK, which fulfils and retries.
      // A 2026-07-28 HTTP server hears a cancellation as its request's stream closing.
      const answer = await leanRequests?.request(
        method,
        forwarded,
        clock,
        this.leanSend,
        modern && this.post ? clock.signal : undefined,
      );
      const first = answer?.kind === 'result' ? answer.result : await send(forwarded);
      // A result that asks for no input (every 2025-era one) is the answer as it is.
      if (!kit.isInputRequiredResult(first)) return first;
      return await parts.clientRequests.complete(first, options.relay, clock, (extra) =>
        send({ ...forwarded, ...extra }),
      );
    } catch (error) {
      // A lost session is the replica's to renew (session-loss.ts); it decides on a retry.
      // Our own stop, or the agent's cancellation (whose reason may read "Connection closed"),
      // is no loss of the session.
      // A server the gateway cut off (an endless stdout line) misbehaved: that is a crash to
      // report and restart with backoff, not a lost session to renew at once.
      const cut = !!this.stdio?.cutOff;
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
      const SdkHttpError = sessionKit?.SdkHttpError;
      if (SdkHttpError && error instanceof SdkHttpError && [401, 403].includes(error.status)) {
        return viaSdk();
      }
      throw error;
    }
  };

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

  private reportLists(): void {
    if (this.options.reportsLists) this.events.onLists(this.lists);
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
    const cutOff = this.stdio?.cutOff;
    const reason = cutOff ?? `the server closed the connection${tail ? ` (stderr: ${tail})` : ''}`;
    this.fail(reason);
    this.hooks.onClosed(reason);
  }
}
