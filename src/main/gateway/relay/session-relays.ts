import {
  LOG_LEVEL_META_KEY,
  type LoggingLevel,
  type Server,
  type ServerCapabilities,
  type ServerContext,
  type ServerNotifier,
} from '@modelcontextprotocol/server';
import { LogRelay, type LogRelayDeps } from './agent-logging.js';
import type { Principal, Scope } from '../pipeline/call-context.js';
import { LEVELS, serversSeen, type RelaySession } from './relay-session.js';
import type { ServerSignal } from './server-signals.js';
import { SubscriptionRelay } from './subscriptions.js';
import type { Relays } from '../upstream/forward-options.js';

const SUBSCRIBE: ServerCapabilities = { resources: { listChanged: true, subscribe: true } };
/** 2025-11-25 tasks for tools/call, served by tasks-relay.ts (2026-07-28 has no tasks). */
const TASKS: ServerCapabilities = {
  tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
} as ServerCapabilities;

/** The resource URIs of a `subscriptions/listen` request body, if it is one naming any. */
function listenedUris(body: unknown): string[] | undefined {
  const request = body as { method?: unknown; params?: { notifications?: unknown } } | undefined;
  if (request?.method !== 'subscriptions/listen') return undefined;
  const wanted = (request.params?.notifications as { resourceSubscriptions?: unknown } | undefined)
    ?.resourceSubscriptions;
  if (!Array.isArray(wanted)) return undefined;
  const uris = wanted.filter((uri): uri is string => typeof uri === 'string');
  return uris.length > 0 ? [...new Set(uris)] : undefined;
}

/**
 * The live 2025-era agent sessions and what is relayed between them and the servers outside
 * any call: log lines (agent-logging.ts) and resource subscriptions (subscriptions.ts).
 *
 * The endpoint attaches each session's SDK `Server` when it is created; the session is
 * forgotten when its transport closes (the agent's DELETE, idle expiry, eviction, shutdown).
 * 2026-07-28 requests are not sessions: that revision has no `logging/setLevel` nor
 * `resources/subscribe`; a request's own log level is relayed by `requestLogs`, and its
 * `subscriptions/listen` streams by `listen`.
 */
export class SessionRelays {
  private readonly sessions = new Set<RelaySession>();
  readonly logging: LogRelay;
  readonly subscriptions: SubscriptionRelay;
  /** What each server could relay when it was last ready, for servers not running now. */
  private readonly known = new Map<string, Relays>();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: LogRelayDeps) {
    this.logging = new LogRelay(deps, this.sessions);
    this.subscriptions = new SubscriptionRelay(deps);
    this.unsubscribe = deps.gateway.signals.subscribe((signal) => this.route(signal));
  }

  /** Live sessions (for tests and status). */
  get size(): number {
    return this.sessions.size;
  }

  /**
   * Makes a new session's `Server` answer `logging/setLevel` (always: the level is the
   * session's own and is kept even when no server in scope logs yet) and, when a server it
   * sees supports them, `resources/subscribe` and `resources/unsubscribe`. Call before connect.
   */
  attach(server: Server, principal: { current: Principal }, scope: Scope): void {
    const session: RelaySession = {
      notify: (notification) => server.notification(notification),
      principal,
      scope,
      subscriptions: new Set(),
    };
    const subscribable = this.subscribable(principal.current.role, scope);
    const tasks = this.offers('tasks', principal.current.role, scope) ? TASKS : {};
    server.registerCapabilities({ logging: {}, ...(subscribable ? SUBSCRIBE : {}), ...tasks });
    server.setRequestHandler('logging/setLevel', async (request) => {
      await this.logging.setLevel(session, request.params.level);
      return {};
    });
    server.setRequestHandler('resources/subscribe', async (request) => {
      await this.subscriptions.subscribe(session, request.params.uri);
      return {};
    });
    server.setRequestHandler('resources/unsubscribe', async (request) => {
      await this.subscriptions.unsubscribe(session, request.params.uri);
      return {};
    });
    this.sessions.add(session);
    const previous = server.onclose;
    server.onclose = () => {
      previous?.();
      this.detach(session);
    };
  }

  /** Stops routing; sessions close with the endpoint. */
  close(): void {
    this.unsubscribe();
  }

  /**
   * A 2026-07-28 request's `Server` advertises logging (see `requestLogs`) and, when a server
   * its role sees supports it, `resources.subscribe`, which is what the SDK's listen router
   * narrows `resourceSubscriptions` by.
   */
  attachModern(server: Server, principal: Principal, scope: Scope): void {
    const subscribable = this.subscribable(principal.role, scope);
    server.registerCapabilities(subscribable ? { logging: {}, ...SUBSCRIBE } : { logging: {} });
  }

  /**
   * A 2026-07-28 request carrying a log level (`_meta` `io.modelcontextprotocol/logLevel`)
   * hears, while it runs, the lines of the servers its role sees in its scope, at or above
   * that level, on its own response stream; the servers are set to log at least that much
   * meanwhile. Returns the end of that (call it when the request is answered); a request
   * without a level hears nothing, as that revision says. The request does not wait for the
   * servers: a level is stamped at once on a 2026-07-28 connection, and on a 2025-era one the
   * setLevel goes out on the same channel ahead of the request.
   */
  requestLogs(ctx: ServerContext, principal: Principal, scope: Scope): () => void {
    const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
    const level = envelope?.[LOG_LEVEL_META_KEY] as LoggingLevel | undefined;
    if (!level || !LEVELS.includes(level)) return () => {};
    const request: RelaySession = {
      notify: (notification) => ctx.mcpReq.notify(notification as never),
      principal: { current: principal },
      scope,
      subscriptions: new Set(),
    };
    this.sessions.add(request);
    void this.logging.setLevel(request, level);
    return () => this.detach(request);
  }

  /**
   * A 2026-07-28 `subscriptions/listen` request: each resource it names that its role may see,
   * on a server that can notify, is subscribed downstream as a session's would be, until
   * `release` (call it when the stream closes). Updates are published on `notifier`, the
   * handler for that role and scope, whose router writes them to the streams that asked.
   * Undefined when the request is not a listen naming resources.
   */
  listen(
    body: unknown,
    principal: Principal,
    scope: Scope,
    notifier: Pick<ServerNotifier, 'resourceUpdated'>,
  ): (() => void) | undefined {
    const uris = listenedUris(body);
    if (!uris) return undefined;
    const stream: RelaySession = {
      notify: async (n) => notifier.resourceUpdated(n.params.uri as string),
      channel: notifier,
      principal: { current: principal },
      scope,
      subscriptions: new Set(),
    };
    // A URI it may not subscribe to is left out: the router never gets an update for it.
    for (const uri of uris) void this.subscriptions.subscribe(stream, uri).catch(() => {});
    return () => this.subscriptions.left(stream);
  }

  private subscribable(role: string, scope: Scope): boolean {
    return this.offers('subscribe', role, scope);
  }

  /** Whether a server the role sees in the scope can relay that (now, or when last ready). */
  private offers(what: keyof Relays, role: string, scope: Scope): boolean {
    return serversSeen(this.deps, role, scope).some(
      (id) => (this.deps.gateway.relays(id) ?? this.known.get(id))?.[what],
    );
  }

  private detach(session: RelaySession): void {
    if (!this.sessions.delete(session)) return;
    this.subscriptions.left(session);
    this.logging.left(session);
  }

  private route(signal: ServerSignal): void {
    const { serverId } = signal;
    if (signal.type === 'ready') {
      const relays = this.deps.gateway.relays(serverId);
      if (relays) this.known.set(serverId, relays);
      this.logging.ready(serverId);
      this.subscriptions.ready(serverId);
    } else if (signal.method === 'notifications/message') {
      this.logging.deliver(serverId, signal.params);
    } else if (signal.method === 'notifications/resources/updated') {
      this.subscriptions.deliver(serverId, signal.params);
    }
  }
}
