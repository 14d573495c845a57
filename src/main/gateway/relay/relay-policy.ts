import type { Action, Config, ServerRequestPolicy } from '../../../shared/model.js';

/** The kinds of server requests a person can govern. */
export type RelayKind = keyof ServerRequestPolicy;

/** What a request kind gets when nothing is configured: sampling spends the agent's model. */
export const RELAY_DEFAULTS: Record<RelayKind, Action> = { sampling: 'ask', elicitation: 'allow' };

/** A relay decision and one sentence on where it came from. */
export interface RelayDecision {
  action: Action;
  /** The role's setting, the server's default, or the built-in default. */
  source: 'role' | 'server' | 'default';
  reason: string;
}

/**
 * Decides whether a server's sampling or elicitation request, made during a call of `role`,
 * reaches the agent: the role's entry for the server, then the role's `*` entry, then the
 * server's own default, then {@link RELAY_DEFAULTS}. A key whose role is gone is denied.
 */
export function decideRelay(
  config: Config,
  roleName: string,
  serverId: string,
  kind: RelayKind,
): RelayDecision {
  const role = config.roles.find((r) => r.name === roleName);
  if (!role) return { action: 'deny', source: 'role', reason: "the key's role no longer exists" };
  for (const scope of [serverId, '*']) {
    const action = role.serverRequests?.[scope]?.[kind];
    if (action) {
      const which = scope === '*' ? 'every server' : `server "${serverId}"`;
      const reason = `role "${roleName}" sets ${kind} for ${which} to ${action}`;
      return { action, source: 'role', reason };
    }
  }
  const own = config.servers.find((s) => s.id === serverId)?.serverRequests?.[kind];
  if (own) {
    return {
      action: own,
      source: 'server',
      reason: `the ${kind} default of server "${serverId}" (${own})`,
    };
  }
  const action = RELAY_DEFAULTS[kind];
  return { action, source: 'default', reason: `the ${kind} default (${action})` };
}
