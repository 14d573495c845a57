import type { Server, ServerCapabilities, ServerNotifier } from '@modelcontextprotocol/server';
import { LogRelay, type LogRelayDeps } from './agent-logging.js';
import type { Principal, Scope } from './calls.js';
import { serversSeen, type RelaySession } from './relay-session.js';
import type { ServerSignal } from './server-signals.js';
import { SubscriptionRelay } from './subscriptions.js';
import type { Relays } from './upstream/connection.js';

const SUBSCRIBE: ServerCapabilities = { resources: { listChanged: true, subscribe: true } };

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
 * `resources/subscribe`; its `subscriptions/listen` streams are relayed by `listen`.
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
    server.registerCapabilities(subscribable ? { logging: {}, ...SUBSCRIBE } : { logging: {} });
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
   * A 2026-07-28 request's `Server` advertises `resources.subscribe` when a server its role
   * sees supports it, so that the SDK's listen router honours `resourceSubscriptions`. That
   * revision has no `logging/setLevel`, and logging is not advertised to it.
   */
  attachModern(server: Server, principal: Principal, scope: Scope): void {
    if (this.subscribable(principal.role, scope)) server.registerCapabilities(SUBSCRIBE);
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
    return serversSeen(this.deps, role, scope).some(
      (id) => (this.deps.gateway.relays(id) ?? this.known.get(id))?.subscribe,
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
