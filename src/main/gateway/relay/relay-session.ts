import type { LoggingLevel } from '@modelcontextprotocol/server';
import type { Principal, Scope } from '../pipeline/call-context.js';
import type { Exposure } from '../pipeline/exposure.js';
import type { Gateway } from '../gateway.js';

/** A notification to one agent. */
export interface AgentNotification {
  method: string;
  params: Record<string, unknown>;
}

/**
 * One agent the relays notify: a 2025-era session (through its SDK `Server`) or a 2026-07-28
 * `subscriptions/listen` stream; its caller (updated on every request of a session, so a key's
 * new role applies at once) and its scope.
 */
export interface RelaySession {
  notify(notification: AgentNotification): Promise<void>;
  /**
   * Listeners sharing a channel are notified once for all of them: the listen streams of one
   * 2026-07-28 handler, whose router fans an update out to each stream that asked for the URI.
   */
  readonly channel?: unknown;
  readonly principal: { current: Principal };
  readonly scope: Scope;
  /** The level the agent asked for with `logging/setLevel`; undefined: every line. */
  level?: LoggingLevel;
  /** `<server>\0<uri>` of each resource it subscribed to. */
  readonly subscriptions: Set<string>;
}

/** Log levels from the most verbose to the least, as the protocol orders them. */
export const LEVELS: readonly LoggingLevel[] = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
];

/** A level's rank: lower is more verbose. */
export function severity(level: LoggingLevel): number {
  return LEVELS.indexOf(level);
}

/** What the relays need to decide who may hear a server. */
export interface RelayScopeDeps {
  gateway: Gateway;
  exposure: Exposure;
}

/**
 * Whether a session may hear from a server: a session on `/mcp/<id>` hears only that server,
 * one on `/mcp` every server; either only while its role may see the server.
 */
export function hears(deps: RelayScopeDeps, session: RelaySession, serverId: string): boolean {
  if (session.scope.serverId && session.scope.serverId !== serverId) return false;
  return deps.exposure.serverVisible(session.principal.current.role, serverId);
}

/** The configured servers a session may hear from. */
export function serversHeard(deps: RelayScopeDeps, session: RelaySession): string[] {
  return serversSeen(deps, session.principal.current.role, session.scope);
}

/** The configured servers a role sees in a scope. */
export function serversSeen(deps: RelayScopeDeps, role: string, scope: Scope): string[] {
  const ids = scope.serverId ? [scope.serverId] : deps.gateway.config.servers.map((s) => s.id);
  return ids.filter((id) => deps.exposure.serverVisible(role, id));
}
