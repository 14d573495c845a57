import type { Config, ServerConfig } from '../../../shared/model.js';
import type { ConfigStore, LoadResult, SecretStore } from '../ports.js';

/** Marks a secret value stored sealed by the SecretStore (safeStorage on the desktop). */
export const SEALED_PREFIX = 'sealed:v1:';

/**
 * A ConfigStore that keeps the secret values of servers (env entries and headers named in
 * `secrets`) sealed on disk and open in memory. With the headless identity SecretStore the
 * file holds them as they are (0600); the desktop seals them with the OS keychain.
 */
export function sealConfigStore(store: ConfigStore, secrets: SecretStore): ConfigStore {
  const open = (result: LoadResult): LoadResult => {
    const warnings = [...result.warnings];
    const config = mapSecrets(result.config, (value, where) => {
      if (!value.startsWith(SEALED_PREFIX)) return value;
      try {
        return secrets.decrypt(value.slice(SEALED_PREFIX.length));
      } catch {
        warnings.push(
          `${where}: its secret could not be unsealed on this machine; enter it again.`,
        );
        return '';
      }
    });
    return { ...result, config, warnings };
  };
  return {
    path: store.path,
    load: () => open(store.load()),
    save: (config) =>
      store.save(
        mapSecrets(config, (value) => (value ? SEALED_PREFIX + secrets.encrypt(value) : value)),
      ),
    watch: (onChange) => store.watch((result) => onChange(open(result))),
  };
}

/** A copy of the config with every secret value passed through `fn`. */
function mapSecrets(config: Config, fn: (value: string, where: string) => string): Config {
  return { ...config, servers: config.servers.map((server) => mapServer(server, fn)) };
}

function mapServer(
  server: ServerConfig,
  fn: (value: string, where: string) => string,
): ServerConfig {
  if (server.secrets.length === 0) return server;
  const map = (values: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(values).map(([name, value]) => [
        name,
        server.secrets.includes(name) ? fn(value, `server "${server.id}" ${name}`) : value,
      ]),
    );
  const t = server.transport;
  return t.type === 'stdio'
    ? { ...server, transport: { ...t, env: map(t.env) } }
    : { ...server, transport: { ...t, headers: map(t.headers) } };
}
