import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { errorMessage } from '../errors.js';
import type { Logger } from '../ports.js';
import { hears, type RelayScopeDeps, type RelaySession } from './relay-session.js';

/** What the subscription relay needs. */
export interface SubscriptionRelayDeps extends RelayScopeDeps {
  logger: Logger;
}

/** Resources one session or listen stream may subscribe to at once (each may cost a stream). */
export const MAX_SUBSCRIPTIONS_PER_SESSION = 256;

/** A subscription's key: the owner server and the resource URI. */
function keyOf(serverId: string, uri: string): string {
  return `${serverId}\0${uri}`;
}

/**
 * Relays `resources/subscribe` and `resources/unsubscribe` with reference counting: a resource
 * is subscribed downstream once, when its first session subscribes, and unsubscribed when its
 * last session unsubscribes or closes. A server's `notifications/resources/updated` reaches
 * only the sessions that subscribed to that URI and may still see its server.
 */
export class SubscriptionRelay {
  /** Subscribed sessions per `<server>\0<uri>`; a key exists only while it has sessions. */
  private readonly subscribers = new Map<string, Set<RelaySession>>();

  constructor(private readonly deps: SubscriptionRelayDeps) {}

  /** Sessions subscribed to a resource of a server (for tests and status). */
  count(serverId: string, uri: string): number {
    return this.subscribers.get(keyOf(serverId, uri))?.size ?? 0;
  }

  /**
   * Subscribes a session. An unknown or hidden resource, or one whose server cannot notify,
   * is InvalidParams; a failing downstream subscribe is passed on and nothing is kept.
   */
  async subscribe(session: RelaySession, uri: string): Promise<void> {
    const serverId = this.owner(session, uri);
    const relays = this.deps.gateway.relays(serverId);
    // A server not running now (lazy, restarting) is subscribed when it is ready.
    if (relays && !relays.subscribe) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Server "${serverId}" does not support resource subscriptions`,
      );
    }
    const key = keyOf(serverId, uri);
    if (session.subscriptions.has(key)) return;
    if (session.subscriptions.size >= MAX_SUBSCRIPTIONS_PER_SESSION) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Too many subscriptions: at most ${MAX_SUBSCRIPTIONS_PER_SESSION} per session`,
      );
    }
    const sessions = this.subscribers.get(key);
    session.subscriptions.add(key);
    if (sessions) {
      sessions.add(session);
      return;
    }
    this.subscribers.set(key, new Set([session]));
    try {
      await this.deps.gateway.broadcast(serverId, 'resources/subscribe', { uri }, 'subscribe');
    } catch (error) {
      this.subscribers.delete(key);
      session.subscriptions.delete(key);
      throw error;
    }
  }

  /** Unsubscribes a session; the last one out unsubscribes downstream. */
  async unsubscribe(session: RelaySession, uri: string): Promise<void> {
    await this.release(session, keyOf(this.owner(session, uri), uri));
  }

  /** A session left: each of its subscriptions is released. */
  left(session: RelaySession): void {
    for (const key of [...session.subscriptions]) void this.release(session, key);
  }

  /** A server (re)connected: its subscribed resources are subscribed again. */
  ready(serverId: string): void {
    for (const key of this.subscribers.keys()) {
      const [owner, uri] = key.split('\0') as [string, string];
      if (owner !== serverId) continue;
      this.deps.gateway
        .broadcast(serverId, 'resources/subscribe', { uri }, 'subscribe')
        .catch((error: unknown) => this.warn(serverId, uri, error));
    }
  }

  /** A server's update: sent to the sessions subscribed to that URI. */
  deliver(serverId: string, params: Record<string, unknown>): void {
    const uri = params.uri;
    if (typeof uri !== 'string') return;
    const channels = new Set<unknown>();
    for (const session of this.subscribers.get(keyOf(serverId, uri)) ?? []) {
      if (!hears(this.deps, session, serverId)) continue;
      if (session.channel !== undefined) {
        if (channels.has(session.channel)) continue;
        channels.add(session.channel);
      }
      void session
        .notify({ method: 'notifications/resources/updated', params: { uri } })
        .catch(() => {});
    }
  }

  private async release(session: RelaySession, key: string): Promise<void> {
    session.subscriptions.delete(key);
    const sessions = this.subscribers.get(key);
    if (!sessions?.delete(session) || sessions.size > 0) return;
    this.subscribers.delete(key);
    const [serverId, uri] = key.split('\0') as [string, string];
    try {
      await this.deps.gateway.broadcast(serverId, 'resources/unsubscribe', { uri }, 'subscribe');
    } catch (error) {
      this.warn(serverId, uri, error);
    }
  }

  /** The server owning a URI the session may see, or InvalidParams as for resources/read. */
  private owner(session: RelaySession, uri: string): string {
    const serverId = session.scope.serverId ?? this.deps.gateway.catalog.resourceOwner(uri);
    if (!serverId || !hears(this.deps, session, serverId)) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown resource: ${uri}`);
    }
    return serverId;
  }

  private warn(serverId: string, uri: string, error: unknown): void {
    this.deps.logger.warn(
      { server: serverId, uri, err: errorMessage(error) },
      'a resource subscription could not be passed on',
    );
  }
}
