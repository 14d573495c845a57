import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { safeStorage } from 'electron';
import type { SwitchboardPorts } from '../compose.js';
import type { Logger } from '../gateway/ports.js';
import type { Redactor } from '../gateway/redact.js';
import type { StdioLauncher } from '../gateway/upstream/process-transport.js';
import { createElectronConfigStore } from './electron-config-store.js';
import { createSafeStorageSecrets } from './safe-storage-secrets.js';
import { spawnBundledServer } from './utility-stdio.js';

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
    launcher: bundledServerLauncher(),
    ...(port !== undefined && port <= 65535 ? { port } : {}),
  };
}

/**
 * Bundled servers are configured as `<node> <entry.js>` with ELECTRON_RUN_AS_NODE=1
 * (resources/default-config.json); `<node>` is Electron itself here, whose RunAsNode fuse is
 * off in the packaged app, so they run in utility processes instead. Anything else is spawned
 * by the gateway as usual.
 */
function bundledServerLauncher(): StdioLauncher {
  const shim = join(dirname(fileURLToPath(import.meta.url)), 'utility-stdio-child.cjs');
  return (command, args, env, cwd) => {
    const [entry, ...rest] = args;
    if (command !== process.execPath || env.ELECTRON_RUN_AS_NODE !== '1' || !entry)
      return undefined;
    return spawnBundledServer(entry, rest, env, { shim, ...(cwd ? { cwd } : {}) });
  };
}
