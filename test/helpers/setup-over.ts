import type { Config } from '../../src/shared/model.js';
import { createSetupMethods } from '../../src/main/control/setup-methods.js';

/**
 * The setup methods over an in-memory config, as the offline CLI runs them: each edit replaces
 * the config that `config()` returns. `dataDir` is where files they write would go.
 */
export function setupOver(start: Config, dataDir: string) {
  let config = start;
  const methods = createSetupMethods({
    config: () => config,
    edit: async (fn) => void (config = fn(config)),
    serverView: (id) => ({ config: config.servers.find((s) => s.id === id)! }) as never,
    dataDir,
    endpointUrl: () => 'http://127.0.0.1:1/mcp',
    now: () => 0,
  });
  return { methods, config: () => config };
}
