/**
 * Writes resources/shipped-lists.json: the lists of the presets' server packages, taken from
 * the real servers as installed, so a first start lists them while they boot
 * (src/main/gateway/catalog/shipped-lists.ts). Run it after upgrading one of those packages;
 * test/shipped-lists.test.ts fails until it was.
 *
 *   npm run shipped-lists
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '../src/main/gateway/config/default-config.js';
import type { ServerLists } from '../src/main/gateway/catalog/catalog.js';
import type { CatalogCache } from '../src/main/gateway/catalog/catalog-memory.js';
import { packageKey, type ShippedListsFile } from '../src/main/gateway/catalog/shipped-lists.js';
import { Gateway } from '../src/main/gateway/gateway.js';
import { silentLogger } from '../src/main/gateway/observe/logger.js';
import type { StdioLauncher } from '../src/main/gateway/upstream/stdio-launch.js';
import { getPreset, instantiatePreset } from '../src/main/setup/presets.js';
import { ConfigSchema, type Config, type ServerConfig } from '../src/shared/model.js';

/**
 * The presets whose lists ship: npm packages whose tools do not depend on the settings.
 * Our own servers are left out (their lists change with the app's code, not with a package
 * version); so are servers that need an account or a database to start.
 */
export const SHIPPED_PRESETS = ['filesystem', 'memory', 'pdf', 'excel'] as const;

export const SHIPPED_FILE = fileURLToPath(
  new URL('../resources/shipped-lists.json', import.meta.url),
);

/** One server per shipped preset (ids `<preset><suffix>`), with its default settings in `dataDir`. */
export function presetServers(dataDir: string, suffix = ''): ServerConfig[] {
  mkdirSync(join(dataDir, 'workspace'), { recursive: true });
  return SHIPPED_PRESETS.map(
    (id) => instantiatePreset(getPreset(id), {}, { dataDir, id: `${id}${suffix}` }).server,
  );
}

/** A config with `servers` only, for a gateway on `dataDir`. */
export function configWith(dataDir: string, servers: ServerConfig[]): Config {
  return ConfigSchema.parse({ ...defaultConfig(dataDir), servers });
}

/**
 * What each server lists when it runs: a gateway starts them (nothing remembered or shipped)
 * and keeps the lists it would remember. Keyed by server id.
 */
export async function listLive(
  dataDir: string,
  servers: ServerConfig[],
  launcher?: StdioLauncher,
): Promise<Map<string, ServerLists>> {
  const lists = new Map<string, ServerLists>();
  const recorder: CatalogCache = {
    load: () => undefined,
    save: (id, value) => void lists.set(id, value),
  };
  const gateway = new Gateway(configWith(dataDir, servers), silentLogger, recorder, launcher);
  try {
    await gateway.start();
  } finally {
    await gateway.stop();
  }
  const missing = servers.filter((s) => !lists.has(s.id)).map((s) => s.id);
  if (missing.length > 0) throw new Error(`no lists from ${missing.join(', ')}`);
  return lists;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-shipped-'));
  try {
    const servers = presetServers(dataDir);
    const live = await listLive(dataDir, servers);
    const file: ShippedListsFile = { version: 1, lists: {} };
    for (const server of servers) {
      const key = packageKey(server);
      if (!key) throw new Error(`${server.id} runs no package`);
      file.lists[key] = live.get(server.id)!;
      process.stdout.write(`${key}: ${file.lists[key]!.tools.length} tools\n`);
    }
    writeFileSync(SHIPPED_FILE, `${JSON.stringify(file, null, 2)}\n`);
    process.stdout.write(`wrote ${SHIPPED_FILE}\n`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
