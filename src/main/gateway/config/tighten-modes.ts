import { chmodSync, lstatSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';

/** The gateway's own files at the top of the data directory, besides every `config*.json`. */
const OWN_FILES = ['admin-key.txt', 'control-token', 'pins.json', 'catalog-cache.json'];
/** Folders whose every file is the gateway's own (the audit trail, the log files). */
const OWN_FOLDERS = ['audit', 'logs'];

/**
 * Takes group and other access away from the data directory (0700), the gateway's own files in
 * it (0600) and its audit and log folders, and returns one line per change for the log. The
 * gateway writes these modes itself, but a file copied in, restored from a backup or edited by
 * another tool keeps whatever mode it came with, and a 0666 `config.json` (secrets, key
 * hashes) was neither tightened nor reported.
 *
 * Caveats: files a server writes in the directory are left alone (the 0700 folder keeps them
 * private); symbolic links are never followed or changed; on Windows modes mean nothing, so
 * nothing is done there.
 */
export function tightenDataDir(dataDir: string, platform = process.platform): string[] {
  if (platform === 'win32') return [];
  const changed: string[] = [];
  const top = entries(dataDir);
  if (top === undefined) return changed;
  tighten(dataDir, 0o700, changed);
  for (const name of top) {
    const path = join(dataDir, name);
    if (OWN_FILES.includes(name) || /^config.*\.json$/.test(name)) tighten(path, 0o600, changed);
    if (!OWN_FOLDERS.includes(name)) continue;
    if (!tighten(path, 0o700, changed)?.isDirectory()) continue;
    for (const inner of entries(path) ?? []) tighten(join(path, inner), 0o600, changed);
  }
  return changed;
}

/** Sets `path` to `mode` if it is a plain file or folder with looser bits; its stats, if any. */
function tighten(path: string, mode: number, changed: string[]): Stats | undefined {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch {
    return undefined;
  }
  const expected = stats.isDirectory() ? 0o700 : mode;
  if (stats.isSymbolicLink() || !(stats.isFile() || stats.isDirectory())) return stats;
  const current = stats.mode & 0o777;
  if ((current & 0o077) === 0) return stats;
  try {
    chmodSync(path, expected);
    changed.push(`tightened ${path} from ${octal(current)} to ${octal(expected)}`);
  } catch (error) {
    changed.push(`could not tighten ${path} (${octal(current)}): ${(error as Error).message}`);
  }
  return stats;
}

function entries(dir: string): string[] | undefined {
  try {
    return readdirSync(dir);
  } catch {
    return undefined;
  }
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}
