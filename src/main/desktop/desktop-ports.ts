import { safeStorage } from 'electron';
import type { SwitchboardPorts } from '../compose.js';
import type { Logger } from '../gateway/ports.js';
import type { Redactor } from '../gateway/redact.js';
import { createElectronConfigStore } from './electron-config-store.js';
import { createSafeStorageSecrets } from './safe-storage-secrets.js';

/**
 * The ports the app plugs into createSwitchboard: electron-store config (the same folder and
 * `config.json` as `switchboard serve`), safeStorage secrets, and the logger's redactor (so
 * compose teaches it the control token and configured secrets). `portSwitch` is `--port=N`.
 *
 * No `notifier`: compose announces each approval through it, which would show a second
 * notification, without buttons, beside the one desktop/notifications.ts shows.
 */
export interface DesktopPortsOptions {
  dataDir: string;
  logger: Logger;
  redactor: Redactor;
  portSwitch: string;
}

export function createDesktopPorts(options: DesktopPortsOptions): SwitchboardPorts {
  const { dataDir, logger, redactor, portSwitch } = options;
  const port = /^\d{1,5}$/.test(portSwitch) ? Number(portSwitch) : undefined;
  return {
    dataDir,
    store: createElectronConfigStore(dataDir),
    secrets: createSafeStorageSecrets(safeStorage),
    logger,
    redactor,
    ...(port !== undefined && port <= 65535 ? { port } : {}),
  };
}
