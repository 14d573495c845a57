import { ControlError, type ImportSetupResult } from '../../shared/control.js';
import {
  SetupFileSchema,
  type Config,
  type ServerConfig,
  type SetupFile,
} from '../../shared/model.js';

/**
 * Export and import of the whole setup: servers, roles with their rules, and settings, as
 * one JSON file for backup or another machine. Secret values are left out (blank) and asked for
 * again; agent keys never leave the machine. Pure functions over configs.
 */

/** The setup file of a config: every secret value blanked, no keys, no port. */
export function exportSetupFile(config: Config, now: Date): SetupFile {
  const { port: _port, ...settings } = config.settings;
  return {
    format: 'switchboard-setup',
    version: 1,
    exportedAt: now.toISOString(),
    settings,
    servers: config.servers.map(withoutSecrets),
    roles: config.roles,
  };
}

/**
 * A config with an imported setup merged in: servers and roles replace same-named ones, the
 * rest are added; settings are taken (except the port). A server whose secrets were left out
 * lands disabled until they are entered again.
 */
export function importSetupFile(
  config: Config,
  json: string,
): { config: Config; result: ImportSetupResult } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ControlError('invalid_input', 'the setup file is not JSON');
  }
  const parsed = SetupFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ControlError(
      'invalid_input',
      `not a Switchboard setup file: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  const file = parsed.data;
  const needsSecrets = file.servers
    .map((s) => ({ server: s.id, names: blankSecrets(s) }))
    .filter((n) => n.names.length > 0);
  const servers = file.servers.map((s) =>
    needsSecrets.some((n) => n.server === s.id) ? { ...s, enabled: false } : s,
  );
  const merged: Config = {
    ...config,
    settings: { ...config.settings, ...file.settings, port: config.settings.port },
    servers: mergeById(config.servers, servers, (s) => s.id),
    roles: mergeById(config.roles, file.roles, (r) => r.name),
  };
  const result = {
    servers: servers.map((s) => s.id),
    roles: file.roles.map((r) => r.name),
    needsSecrets,
  };
  return { config: merged, result };
}

function withoutSecrets(server: ServerConfig): ServerConfig {
  if (server.secrets.length === 0) return server;
  const blank = (map: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(map).map(([k, v]) => [k, server.secrets.includes(k) ? '' : v]),
    );
  const t = server.transport;
  return t.type === 'stdio'
    ? { ...server, transport: { ...t, env: blank(t.env) } }
    : { ...server, transport: { ...t, headers: blank(t.headers) } };
}

function blankSecrets(server: ServerConfig): string[] {
  const t = server.transport;
  const map = t.type === 'stdio' ? t.env : t.headers;
  return server.secrets.filter((name) => !map[name]);
}

function mergeById<T>(current: T[], incoming: T[], id: (item: T) => string): T[] {
  const replaced = new Map(incoming.map((item) => [id(item), item]));
  const kept = current.map((item) => replaced.get(id(item)) ?? item);
  const known = new Set(current.map(id));
  return [...kept, ...incoming.filter((item) => !known.has(id(item)))];
}
