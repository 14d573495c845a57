import type { Server, ServerCapabilities } from '@modelcontextprotocol/server';
import { LogRelay, type LogRelayDeps } from './agent-logging.js';
import type { Principal, Scope } from './calls.js';
import { serversHeard, type RelaySession } from './relay-session.js';
import type { ServerSignal } from './server-signals.js';
import { SubscriptionRelay } from './subscriptions.js';
import type { Relays } from './upstream/connection.js';

/**
 * The live 2025-era agent sessions and what is relayed between them and the servers outside
 * any call: log lines (agent-logging.ts) and resource subscriptions (subscriptions.ts).
 *
 * The endpoint attaches each session's SDK `Server` when it is created; the session is
 * forgotten when its transport closes (the agent's DELETE, idle expiry, eviction, shutdown).
 * 2026-07-28 requests are not sessions: that revision has no `logging/setLevel` nor
 * `resources/subscribe` (see docs/ARCHITECTURE.md).
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
    const session: RelaySession = { server, principal, scope, subscriptions: new Set() };
    server.registerCapabilities(this.capabilities(session));
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

  private capabilities(session: RelaySession): ServerCapabilities {
    const subscribable = serversHeard(this.deps, session).some(
      (id) => (this.deps.gateway.relays(id) ?? this.known.get(id))?.subscribe,
    );
    return subscribable
      ? { logging: {}, resources: { listChanged: true, subscribe: true } }
      : { logging: {} };
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
