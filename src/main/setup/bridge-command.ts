import path from 'node:path';
import { BRIDGE_FLAG } from '../../shared/bridge-flag.js';
import { findAppRoot } from './presets.js';

/** How a stdio-only client (Claude Desktop) starts the bridge: no shell, no PATH needed. */
export interface BridgeCommand {
  /** An absolute path: the app's binary, or the Node running `switchboard serve`. */
  command: string;
  args: string[];
  /** The key travels here (SWITCHBOARD_KEY), not on the command line, where `ps` shows it. */
  env: Record<string, string>;
}

/** What decides the command: this process, and the app folder. */
export interface BridgeRuntime {
  execPath: string;
  /** process.versions.electron: set in the app. */
  electron?: string;
  /** process.defaultApp: set when Electron runs an unpackaged app (`electron .`). */
  defaultApp?: boolean;
  appRoot: string;
}

function currentRuntime(): BridgeRuntime {
  return {
    execPath: process.execPath,
    electron: process.versions.electron,
    defaultApp: process.defaultApp,
    appRoot: findAppRoot(),
  };
}

/**
 * The bridge to `url` with `key`, started the way this process was: in the app, the app's own
 * binary with BRIDGE_FLAG (src/main/boot.ts); headless, this Node with bin/switchboard.cjs.
 * Caveat: the paths are this installation's; moving the app or Node breaks the entry.
 */
export function bridgeCommand(
  url: string,
  key: string,
  runtime: BridgeRuntime = currentRuntime(),
): BridgeCommand {
  const connect = ['connect', '--url', url];
  const env = { SWITCHBOARD_KEY: key };
  if (runtime.electron) {
    const app = runtime.defaultApp ? [runtime.appRoot] : [];
    return { command: runtime.execPath, args: [...app, BRIDGE_FLAG, ...connect], env };
  }
  const bin = path.join(runtime.appRoot, 'bin', 'switchboard.cjs');
  return { command: runtime.execPath, args: [bin, ...connect], env };
}
