import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { safeStorage, shell } from 'electron';
import type { SwitchboardPorts } from '../compose.js';
import { createFileConfigStore, spawnLauncher } from '../gateway/index.js';
import type { Logger, Redactor, StdioLauncher } from '../gateway/index.js';
import { planAppLaunch } from './app-launch.js';
import { createSafeStorageSecrets } from './safe-storage-secrets.js';
import { spawnBundledServer } from './utility-stdio.js';

/**
 * The ports the app plugs into createSwitchboard: the config store `switchboard serve` uses
 * (the same folder and `config.json`; the app's own settings are in desktop-settings.ts),
 * safeStorage secrets, and the logger's redactor (so
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
    store: createFileConfigStore(dataDir),
    secrets: createSafeStorageSecrets(safeStorage),
    logger,
    redactor,
    launcher: bundledServerLauncher(),
    // The authorization server's page, built in main from validated metadata: the system
    // browser shows it (the window's own open handler allows only a few hosts).
    openSignInPage: (url) => {
      if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    },
    ...(port !== undefined && port <= 65535 ? { port } : {}),
  };
}

/**
 * The presets run scripts as `<node> <script>` with ELECTRON_RUN_AS_NODE=1; `<node>` is
 * Electron itself here, whose RunAsNode fuse is off in the packaged app, so those scripts run in
 * utility processes. Executables inside app.asar run from app.asar.unpacked (app-launch.ts).
 */
function bundledServerLauncher(): StdioLauncher {
  const shim = join(dirname(fileURLToPath(import.meta.url)), 'utility-stdio-child.cjs');
  return (command, args, env, cwd) => {
    const plan = planAppLaunch(command, args, env, cwd, process.execPath);
    if (plan.kind === 'spawn') return spawnLauncher(plan.command, plan.args, env, plan.cwd);
    const options = { shim, execArgv: plan.execArgv, ...(cwd ? { cwd } : {}) };
    return spawnBundledServer(plan.entry, plan.args, env, options);
  };
}
