import { readFileSync } from 'node:fs';
import type { PriorDiscovery } from '@modelcontextprotocol/client';
import { BackgroundFile } from '../config/files.js';
import type { ServerLists } from './catalog.js';
import { reuseDigests, toolDigest } from './pinning.js';

/**
 * What the gateway remembers of its servers between runs: their lists (so agents see tools at
 * once while servers boot, and lazy servers need not start to be listed) and the protocol era
 * each spoke (so a restart needs no version probe).
 */
export interface CatalogCache {
  /** The lists a server sent last time, when it ran with the same command line or URL. */
  load(serverId: string, fingerprint: string): ServerLists | undefined;
  save(serverId: string, lists: ServerLists, fingerprint: string): void;
  /** The protocol era a server spoke last time (for the same transport config). */
  loadPrior?(serverId: string, fingerprint: string): PriorDiscovery | undefined;
  savePrior?(serverId: string, fingerprint: string, prior: PriorDiscovery | undefined): void;
}

/** The catalog memory kept in one file, with a way to wait until it is on disk. */
export interface CatalogMemory extends CatalogCache {
  flush(): Promise<void>;
}

/** One server's entry in the file. */
interface Entry {
  lists?: ServerLists;
  /** `toolDigest` of each of `lists.tools`, in order: the review at the next start reuses them. */
  toolDigests?: string[];
  /** The transport the lists came from: another command line or URL is another server. */
  listsFingerprint?: string;
  prior?: { fingerprint: string; value: PriorDiscovery };
}

/** How long a change waits for more before it is written. */
const WRITE_DELAY_MS = 1_000;

/**
 * The catalog memory in one 0600 JSON file (`catalog-cache.json` in the data directory). Written
 * in the background and only read at the next start: ten servers starting one after another
 * share one write instead of re-serialising every list as each arrives, CPU the first start
 * needs for the servers themselves. A missing or unreadable file is an empty memory: lazy
 * servers then start once to list, and eras are negotiated again.
 */
export function createCatalogMemory(
  file: string,
  onWriteError: (error: unknown) => void,
  delayMs = WRITE_DELAY_MS,
): CatalogMemory {
  let entries = readEntries(file);
  const writer = new BackgroundFile(file, () => JSON.stringify(entries), onWriteError, delayMs);
  const update = (id: string, patch: Entry) => {
    entries = { ...entries, [id]: { ...entries[id], ...patch } };
    writer.schedule();
  };
  return {
    flush: () => writer.flush(),
    load(id, fingerprint) {
      const entry = entries[id];
      if (entry?.listsFingerprint !== fingerprint || !entry.lists) return undefined;
      reuseDigests(entry.lists.tools, entry.toolDigests);
      return entry.lists;
    },
    save: (id, lists, fingerprint) =>
      update(id, {
        lists,
        listsFingerprint: fingerprint,
        // The review of these lists (which follows at once) hashes them anyway: no extra cost.
        toolDigests: lists.tools.map(toolDigest),
      }),
    loadPrior: (id, fingerprint) =>
      entries[id]?.prior?.fingerprint === fingerprint ? entries[id]?.prior?.value : undefined,
    savePrior(id, fingerprint, value) {
      const known = entries[id]?.prior;
      const same =
        known?.fingerprint === fingerprint && JSON.stringify(known.value) === JSON.stringify(value);
      if (!same) update(id, { prior: value ? { fingerprint, value } : undefined });
    },
  };
}

function readEntries(file: string): Record<string, Entry> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, Entry>)
      : {};
  } catch {
    return {};
  }
}
