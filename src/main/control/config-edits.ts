import { CONTROL_CENTER_CALLER, ControlError } from '../../shared/control.js';
import {
  SECRET_MASK,
  type Action,
  type Config,
  type KeyRecord,
  type Role,
  type Rule,
  type ServerConfig,
} from '../../shared/model.js';

/**
 * Pure edits of a config, one function per control command. Each returns a new config (the
 * input is never mutated) or throws a `ControlError` that says what to do instead.
 */

export function roleOf(config: Config, name: string): Role {
  const role = config.roles.find((r) => r.name === name);
  if (!role) throw new ControlError('not_found', `no role "${name}"`);
  return role;
}

export function serverOf(config: Config, id: string): ServerConfig {
  const server = config.servers.find((s) => s.id === id);
  if (!server) throw new ControlError('not_found', `no server "${id}"`);
  return server;
}

export function addServer(config: Config, server: ServerConfig): Config {
  if (config.servers.some((s) => s.id === server.id)) {
    throw new ControlError('conflict', `a server "${server.id}" exists already; pick another id`);
  }
  return { ...config, servers: [...config.servers, server] };
}

/** Replaces a server; masked secret values (`***`) keep the stored value. */
export function updateServer(config: Config, id: string, next: ServerConfig): Config {
  const current = serverOf(config, id);
  if (next.id !== id && config.servers.some((s) => s.id === next.id)) {
    throw new ControlError('conflict', `a server "${next.id}" exists already; pick another id`);
  }
  const merged = keepMaskedSecrets(current, next);
  return { ...config, servers: config.servers.map((s) => (s.id === id ? merged : s)) };
}

export function removeServer(config: Config, id: string): Config {
  serverOf(config, id);
  return { ...config, servers: config.servers.filter((s) => s.id !== id) };
}

export function setServerEnabled(config: Config, id: string, enabled: boolean): Config {
  serverOf(config, id);
  return { ...config, servers: config.servers.map((s) => (s.id === id ? { ...s, enabled } : s)) };
}

export function setServerKeepWarm(config: Config, id: string, keepWarm: boolean): Config {
  serverOf(config, id);
  return { ...config, servers: config.servers.map((s) => (s.id === id ? { ...s, keepWarm } : s)) };
}

export function createRole(
  config: Config,
  name: string,
  description = '',
  copyFrom?: string,
): Config {
  if (config.roles.some((r) => r.name === name)) {
    throw new ControlError('conflict', `a role "${name}" exists already`);
  }
  const source = copyFrom ? roleOf(config, copyFrom) : undefined;
  const role: Role = {
    name,
    description,
    rules: source ? source.rules.map((r) => ({ ...r })) : [],
    exposure: source?.exposure ?? 'all',
    pinned: source ? [...source.pinned] : [],
    ...(source?.serverRequests ? { serverRequests: structuredClone(source.serverRequests) } : {}),
  };
  return { ...config, roles: [...config.roles, role] };
}

/** Renames a role and moves its keys with it. */
export function renameRole(config: Config, from: string, to: string): Config {
  roleOf(config, from);
  if (from !== to && config.roles.some((r) => r.name === to)) {
    throw new ControlError('conflict', `a role "${to}" exists already`);
  }
  return {
    ...config,
    roles: config.roles.map((r) => (r.name === from ? { ...r, name: to } : r)),
    keys: config.keys.map((k) => (k.role === from ? { ...k, role: to } : k)),
  };
}

/** Deletes a role; refused while keys use it, so no key is left pointing nowhere. */
export function deleteRole(config: Config, name: string): Config {
  roleOf(config, name);
  const users = config.keys.filter((k) => k.role === name).map((k) => k.name);
  if (users.length > 0) {
    throw new ControlError(
      'conflict',
      `keys use role "${name}" (${users.join(', ')}); revoke or move them first`,
    );
  }
  return { ...config, roles: config.roles.filter((r) => r.name !== name) };
}

export function setRules(config: Config, role: string, rules: Rule[]): Config {
  roleOf(config, role);
  return { ...config, roles: config.roles.map((r) => (r.name === role ? { ...r, rules } : r)) };
}

/**
 * Sets the action for a pattern: the rule with that exact pattern (case-insensitively) is
 * replaced and moved to the front, or a new rule is put at the front — so a rule set for one
 * tool always outranks the broad globs after it (the first match wins).
 */
export function setRule(
  config: Config,
  role: string,
  pattern: string,
  action: Action,
  conditions?: Rule['conditions'],
  until?: string,
): Config {
  const current = roleOf(config, role);
  // Rules for one pattern with different conditions (or a different lapse time) live side
  // by side: an answer for the next hour must not replace a standing rule.
  const same = (r: Rule) =>
    r.pattern.toLowerCase() === pattern.toLowerCase() &&
    JSON.stringify(r.conditions ?? null) === JSON.stringify(conditions ?? null) &&
    (r.until ?? null) === (until ?? null);
  const old = current.rules.find(same);
  return setRules(config, role, [
    { ...old, pattern, action, ...(conditions ? { conditions } : {}), ...(until ? { until } : {}) },
    ...current.rules.filter((r) => !same(r)),
  ]);
}

export function addKey(config: Config, record: KeyRecord): Config {
  roleOf(config, record.role);
  // Audit lines name the person's own calls so; a key of that name would pass for them.
  if (record.name === CONTROL_CENTER_CALLER) {
    throw new ControlError(
      'invalid_input',
      `"${CONTROL_CENTER_CALLER}" names the person's calls from the control center; choose another key name`,
    );
  }
  if (config.keys.some((k) => k.name === record.name)) {
    throw new ControlError('conflict', `a key named "${record.name}" exists already`);
  }
  return { ...config, keys: [...config.keys, record] };
}

export function revokeKey(config: Config, name: string): Config {
  if (!config.keys.some((k) => k.name === name)) {
    throw new ControlError('not_found', `no key named "${name}"`);
  }
  return { ...config, keys: config.keys.filter((k) => k.name !== name) };
}

/** A server's config as the UI sees it: secret values replaced by `***`. */
export function maskServer(server: ServerConfig): ServerConfig {
  if (server.secrets.length === 0) return server;
  const mask = (map: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(map).map(([k, v]) => [k, server.secrets.includes(k) ? SECRET_MASK : v]),
    );
  const transport =
    server.transport.type === 'stdio'
      ? { ...server.transport, env: mask(server.transport.env) }
      : { ...server.transport, headers: mask(server.transport.headers) };
  return { ...server, transport };
}

function keepMaskedSecrets(current: ServerConfig, next: ServerConfig): ServerConfig {
  const restore = (map: Record<string, string>, old: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(map).map(([k, v]) => {
        if (v !== SECRET_MASK) return [k, v];
        // The mask only ever stands for a stored value; it is never saved as one.
        if (old[k] === undefined) throw new ControlError('invalid_input', `${k}: enter its value`);
        return [k, old[k]];
      }),
    );
  const a = current.transport;
  const b = next.transport;
  if (b.type === 'stdio') {
    const old = a.type === 'stdio' ? a.env : {};
    return { ...next, transport: { ...b, env: restore(b.env, old) } };
  }
  const old = a.type !== 'stdio' ? a.headers : {};
  return { ...next, transport: { ...b, headers: restore(b.headers, old) } };
}

/** Sets (or, with neither title nor description, removes) a person's override of a tool. */
export function setToolOverride(
  config: Config,
  serverId: string,
  tool: string,
  override: { title?: string; description?: string },
): Config {
  const server = serverOf(config, serverId);
  const overrides = { ...server.toolOverrides };
  const clean = Object.fromEntries(
    Object.entries(override).filter(([, v]) => v !== undefined && v !== ''),
  );
  if (Object.keys(clean).length === 0) delete overrides[tool];
  else overrides[tool] = clean;
  return {
    ...config,
    servers: config.servers.map((s) =>
      s.id === serverId ? { ...s, toolOverrides: overrides } : s,
    ),
  };
}
