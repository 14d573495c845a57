import os from 'node:os';
import path from 'node:path';

/*
 * Where Switchboard's data lives. Its own module with node:* imports only: every command needs
 * it first, the stdio bridge that agents start for each session included, and taking it from
 * the gateway made each of them load the whole gateway.
 */

/** Where `resolveDataDir` looks; every field defaults to the running process's. */
export interface DataDirOptions {
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** The data folder: `--data-dir`, else SWITCHBOARD_DATA_DIR, else the folder Electron's `app.getPath('userData')` gives "Switchboard". */
export function resolveDataDir(options: DataDirOptions = {}): string {
  const { flag, env = process.env, platform = process.platform, home = os.homedir() } = options;
  if (flag) return path.resolve(flag);
  if (env.SWITCHBOARD_DATA_DIR) return path.resolve(env.SWITCHBOARD_DATA_DIR);
  if (platform === 'win32') {
    return path.win32.join(
      env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'),
      'Switchboard',
    );
  }
  if (platform === 'darwin')
    return path.posix.join(home, 'Library', 'Application Support', 'Switchboard');
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), 'Switchboard');
}
