import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PriorDiscovery } from '@modelcontextprotocol/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerLists } from './catalog.js';
import { createCatalogMemory } from './catalog-memory.js';
import { toolDigest } from './pinning.js';

const lists = (tool: string): ServerLists => ({
  tools: [{ name: tool, inputSchema: { type: 'object' } }],
  resources: [],
  resourceTemplates: [],
  prompts: [],
});

const prior = { version: '2026-07-28' } as unknown as PriorDiscovery;

describe('the catalog memory file', () => {
  let dir: string;
  let file: string;
  const errors: unknown[] = [];
  const open = () => createCatalogMemory(file, (e) => errors.push(e), 0);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalog-memory-'));
    file = join(dir, 'catalog-cache.json');
    errors.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives back what a server listed, for the same transport only, after a restart', async () => {
    const memory = open();
    memory.save('files', lists('read_file'), 'npx server-filesystem /a');
    await memory.flush();

    const next = open();
    expect(next.load('files', 'npx server-filesystem /a')).toEqual(lists('read_file'));
    // Another command line is another server: its lists are not these.
    expect(next.load('files', 'npx server-filesystem /b')).toBeUndefined();
    expect(next.load('other', 'npx server-filesystem /a')).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('keeps the protocol era per transport and clears it when told', async () => {
    const memory = open();
    memory.savePrior!('web', 'https://x/mcp', prior);
    memory.save('web', lists('fetch'), 'https://x/mcp');
    await memory.flush();
    expect(open().loadPrior!('web', 'https://x/mcp')).toEqual(prior);
    expect(open().loadPrior!('web', 'https://y/mcp')).toBeUndefined();

    const again = open();
    again.savePrior!('web', 'https://x/mcp', undefined);
    await again.flush();
    const reread = open();
    expect(reread.loadPrior!('web', 'https://x/mcp')).toBeUndefined();
    // Clearing the era keeps the lists.
    expect(reread.load('web', 'https://x/mcp')).toEqual(lists('fetch'));
  });

  it('does not rewrite the file for an era it already holds', async () => {
    const memory = open();
    memory.savePrior!('web', 'f', prior);
    await memory.flush();
    // Removed behind its back: only a new write would bring the file back.
    rmSync(file);
    memory.savePrior!('web', 'f', JSON.parse(JSON.stringify(prior)));
    await memory.flush();
    expect(existsSync(file)).toBe(false);
    memory.savePrior!('web', 'g', prior);
    await memory.flush();
    expect(existsSync(file)).toBe(true);
  });

  it('writes a file only its owner can read', async () => {
    const memory = open();
    memory.save('files', lists('read_file'), 'fp');
    await memory.flush();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("keeps each tool's digest beside it, for the review at the next start", async () => {
    const memory = open();
    memory.save('files', lists('read_file'), 'fp');
    await memory.flush();
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {
      files: { toolDigests: string[] };
    };
    expect(stored.files.toolDigests).toEqual([toolDigest(lists('read_file').tools[0]!)]);

    // Read back, a tool takes its stored digest instead of being hashed again: the file is the
    // gateway's own, as private as the pins (a digest that does not fit shows it was reused).
    const reused = 'a'.repeat(64);
    stored.files.toolDigests = [reused];
    writeFileSync(file, JSON.stringify(stored));
    expect(toolDigest(open().load('files', 'fp')!.tools[0]!)).toBe(reused);
    // Digests that do not fit the tools (missing, too few, not SHA-256) are not used.
    for (const digests of [undefined, [], ['not-a-digest'], [reused, reused]]) {
      writeFileSync(file, JSON.stringify({ files: { ...stored.files, toolDigests: digests } }));
      const tool = open().load('files', 'fp')!.tools[0]!;
      expect(toolDigest(tool)).toBe(toolDigest({ ...tool }));
    }
  });

  it('treats a corrupt or foreign file as an empty memory and replaces it on the next save', async () => {
    for (const text of ['{not json', '[1,2,3]', 'null']) {
      writeFileSync(file, text);
      const memory = open();
      expect(memory.load('files', 'fp')).toBeUndefined();
      memory.save('files', lists('read_file'), 'fp');
      await memory.flush();
      expect(open().load('files', 'fp')).toEqual(lists('read_file'));
    }
  });
});
