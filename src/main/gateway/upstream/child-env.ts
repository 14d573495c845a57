/**
 * The environment a stdio server process gets: a minimal base plus what is configured for it,
 * never the gateway's own environment (which may hold keys and tokens of other tools).
 */
const BASE_POSIX = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'TMPDIR', 'TERM'];
const BASE_WINDOWS = [
  'APPDATA',
  'HOMEDRIVE',
  'HOMEPATH',
  'LOCALAPPDATA',
  'PATH',
  'PATHEXT',
  'PROCESSOR_ARCHITECTURE',
  'SYSTEMDRIVE',
  'SYSTEMROOT',
  'TEMP',
  'TMP',
  'USERNAME',
  'USERPROFILE',
  'WINDIR',
];

/** The base variables copied from the gateway's environment into every child. */
export const BASE_ENV_NAMES = process.platform === 'win32' ? BASE_WINDOWS : BASE_POSIX;

/** Builds a child's environment: the base variables that are set, then the configured ones. */
export function childEnv(
  configured: Record<string, string>,
  source: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of BASE_ENV_NAMES) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...configured };
}
