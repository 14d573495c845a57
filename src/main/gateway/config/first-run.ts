import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../../shared/model.js';
import { readTextIfExists, writeFileAtomic } from './files.js';
import { generateKey, keyRecord } from '../http/keys.js';

/** The file a first run writes the admin key to (0600, in the data directory). */
export const ADMIN_KEY_FILE = 'admin-key.txt';

/** The file holding the control token (0600, in the data directory). */
export const CONTROL_TOKEN_FILE = 'control-token';

/**
 * On a first run (no keys at all), creates an `admin` key and writes it, alone, to
 * `admin-key.txt` (0600), so the person can connect an agent at once. Only its hash goes into
 * the config. Returns the config unchanged when keys exist. An `admin-key.txt` already there (a
 * config that lost its keys, say to corruption) is moved aside, never overwritten, and
 * `warning` says where it went.
 */
export function ensureAdminKey(
  dataDir: string,
  config: Config,
): { config: Config; file?: string; warning?: string } {
  if (config.keys.length > 0 || !config.roles.some((r) => r.name === 'admin')) return { config };
  const key = generateKey();
  const file = join(dataDir, ADMIN_KEY_FILE);
  let warning: string | undefined;
  if (existsSync(file)) {
    const stamp = new Date().toISOString().replace(/:/g, '-');
    const aside = `admin-key.replaced-${stamp}.txt`;
    renameSync(file, join(dataDir, aside));
    warning = `the config has no keys, so a new admin key was written to ${ADMIN_KEY_FILE}; the old ${ADMIN_KEY_FILE} (no longer valid) was moved to ${aside}.`;
  }
  writeFileAtomic(file, `${key}\n`);
  const keys = [keyRecord('admin', 'admin', key, Date.now())];
  return { config: { ...config, keys }, file, ...(warning ? { warning } : {}) };
}

/** The control token of this data directory, created (0600) on first use. */
export function ensureControlToken(dataDir: string): string {
  const file = join(dataDir, CONTROL_TOKEN_FILE);
  const existing = readTextIfExists(file)?.trim();
  if (existing && existing.length >= 32) return existing;
  const token = generateKey().replace(/^sb_/, 'sbc_');
  writeFileAtomic(file, `${token}\n`);
  return token;
}
