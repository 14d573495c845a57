import ElectronStore from 'electron-store';
import { createFileConfigStore } from '../gateway/config.js';
import type { ConfigStore } from '../gateway/ports.js';

/**
 * The desktop ConfigStore: the same file store `switchboard serve` uses (same folder, same
 * `config.json`, same recovery and migrations), with electron-store as its backend instead of
 * conf. electron-store extends conf, so the format on disk is identical and either entry can
 * open what the other wrote.
 */
export function createElectronConfigStore(dataDir: string): ConfigStore {
  return createFileConfigStore(dataDir, {
    openBackend: (dir) =>
      new ElectronStore<Record<string, unknown>>({
        cwd: dir,
        name: 'config',
        configFileMode: 0o600,
        accessPropertiesByDotNotation: false,
        // zod validates on load; a bad file is moved aside by the store, never silently cleared.
        clearInvalidConfig: false,
      }),
  });
}
