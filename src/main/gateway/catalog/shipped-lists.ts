import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerConfig } from '../../../shared/model.js';
import type { ServerLists } from './catalog.js';

/**
 * Lists that ship with Switchboard for the presets' server packages
 * (resources/shipped-lists.json, written by `npm run shipped-lists` from the real servers).
 * On a first start nothing is remembered yet; a server whose package has a shipped list is
 * listed from it at once, like a remembered list, while it boots. It boots even where a
 * remembered list would let it sleep: the list is the package's, and only a start shows that this
 * configuration works. The lists pass the same review (pins, scanner) as remembered and fresh ones.
 *
 * Keyed by the package's name and version (and the file it runs): another version of the
 * package is another server, listed only by itself. test/shipped-lists.test.ts checks every
 * shipped list against what the installed package really lists.
 */
export interface ShippedLists {
  /** The shipped lists of the package this server runs, when it runs one that has them. */
  lookup(server: ServerConfig): ServerLists | undefined;
}

/** The shipped file: one entry per `packageKey`. */
export interface ShippedListsFile {
  version: 1;
  lists: Record<string, ServerLists>;
}

/** How far above a server's file its package.json may be (dist/bin/x.js and such). */
const MAX_PACKAGE_DEPTH = 5;

/**
 * `name@version entry` of the npm package a stdio server runs: the package.json nearest above
 * the first absolute path among its command and arguments that lies in a package, and that
 * file's name without `.exe` (one package may hold several servers). Undefined for remote
 * servers and commands outside any package.
 */
export function packageKey(server: ServerConfig): string | undefined {
  const transport = server.transport;
  if (transport.type !== 'stdio') return undefined;
  for (const file of [transport.command, ...transport.args]) {
    // The runtime itself (node, the app) is not the server's package.
    if (!path.isAbsolute(file) || file === process.execPath) continue;
    const manifest = packageAbove(file);
    if (manifest) return `${manifest.name}@${manifest.version} ${entryName(file)}`;
  }
  return undefined;
}

function entryName(file: string): string {
  return path.basename(file).replace(/\.exe$/i, '');
}

function packageAbove(file: string): { name: string; version: string } | undefined {
  let dir = path.dirname(file);
  for (let depth = 0; depth < MAX_PACKAGE_DEPTH; depth += 1) {
    const manifest =
      readManifest(path.join(dir, 'package.json')) ??
      // In the packaged app an executable is unpacked from app.asar; its package.json is not.
      (dir.includes(UNPACKED) ? readManifest(path.join(packed(dir), 'package.json')) : undefined);
    if (manifest) return manifest;
    const up = path.dirname(dir);
    if (up === dir || path.basename(dir) === 'node_modules') return undefined;
    dir = up;
  }
  return undefined;
}

const UNPACKED = `app.asar.unpacked${path.sep}`;

function packed(dir: string): string {
  return dir.replace(UNPACKED, `app.asar${path.sep}`);
}

function readManifest(file: string): { name: string; version: string } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    // A package.json without both (a "type": "module" marker in dist/) is not the package's.
    return typeof parsed.name === 'string' && typeof parsed.version === 'string'
      ? { name: parsed.name, version: parsed.version }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The shipped lists in `file`, read at the first lookup (an everyday start, with everything
 * remembered, never reads it). A missing or unreadable file ships nothing: servers are then
 * listed once they have started, as without this file.
 */
export function createShippedLists(file: string): ShippedLists {
  let lists: Record<string, ServerLists> | undefined;
  const all = () => (lists ??= readShipped(file));
  return {
    lookup(server) {
      const key = packageKey(server);
      return key === undefined ? undefined : all()[key];
    },
  };
}

function readShipped(file: string): Record<string, ServerLists> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ShippedListsFile>;
    return parsed.version === 1 && parsed.lists && typeof parsed.lists === 'object'
      ? parsed.lists
      : {};
  } catch {
    return {};
  }
}
