import type { LoggingLevel, Server } from '@modelcontextprotocol/server';
import type { Principal, Scope } from './calls.js';
import type { Exposure } from './exposure.js';
import type { Gateway } from './gateway.js';

/**
 * One live 2025-era agent session as the relays see it: its SDK `Server` (to notify it), its
 * caller (updated on every request, so a key's new role applies at once) and its scope.
 */
export interface RelaySession {
  readonly server: Server;
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
  const ids = session.scope.serverId
    ? [session.scope.serverId]
    : deps.gateway.config.servers.map((s) => s.id);
  return ids.filter((id) => hears(deps, session, id));
}
