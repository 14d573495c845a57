import type { ServerLogs } from '../../shared/control.js';
import type { Config, ServerStatus } from '../../shared/model.js';
import { NAME_SEPARATOR, createRedactor, ownSecretValues } from '../gateway/index.js';

/**
 * The config without server `id`'s own rules: those whose pattern names only that server
 * (`<id>__…`), in every role. A rule on a pattern that spans servers (`*__read_*`) stays.
 * Without this, a later server with the same id would inherit the rules of the removed one.
 */
export function dropServerRules(config: Config, id: string): { config: Config; removed: number } {
  const prefix = `${id}${NAME_SEPARATOR}`.toLowerCase();
  let removed = 0;
  const roles = config.roles.map((role) => {
    // Globs match case-insensitively, so `NOTES__x` is this server's rule too.
    const rules = role.rules.filter((rule) => !rule.pattern.toLowerCase().startsWith(prefix));
    removed += role.rules.length - rules.length;
    return rules.length === role.rules.length ? role : { ...role, rules };
  });
  return { config: { ...config, roles }, removed };
}

/** A server's recent stderr and last error with its own secrets (and known shapes) masked. */
export function getServerLogs(config: Config, status: ServerStatus): ServerLogs {
  const redactor = serverRedactor(config, status.id);
  return {
    id: status.id,
    state: status.state,
    lines: status.stderrTail.map((line) => redactor.text(line)),
    ...(status.lastError ? { lastError: redactor.text(status.lastError) } : {}),
  };
}

/**
 * A server's status as the UI may see it: its stderr tail and last error masked like
 * `getServerLogs`, since a server can print its own token (every server view carries the tail).
 */
export function maskStatus(config: Config, status: ServerStatus): ServerStatus {
  if (status.stderrTail.length === 0 && !status.lastError) return status;
  const redactor = serverRedactor(config, status.id);
  return {
    ...status,
    stderrTail: status.stderrTail.map((line) => redactor.text(line)),
    ...(status.lastError ? { lastError: redactor.text(status.lastError) } : {}),
  };
}

function serverRedactor(config: Config, id: string) {
  const server = config.servers.find((s) => s.id === id);
  return createRedactor(server ? ownSecretValues(server) : []);
}
