import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tool } from '@modelcontextprotocol/server';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from './catalog.js';
import { reasonText } from './meta-tools.js';
import { ToolIndex, type ToolSearchHit } from './search.js';
import { SEMANTIC, cosineOf, cosines, queryVector } from './search-semantic.js';
import { createWordVectorSource, readWordVectors } from './word-vectors.js';

const SHIPPED = fileURLToPath(new URL('../../../../resources/word-vectors.bin', import.meta.url));
const vectors = readWordVectors(SHIPPED);
const dir = mkdtempSync(join(tmpdir(), 'switchboard-semantic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tool(name: string, description: string): Tool {
  const properties = { id: { type: 'string', description: 'Which one' } };
  return { name, description, inputSchema: { type: 'object', properties } };
}

/** A household catalog of our own: no tool shares a word with the tasks asked below. */
function homeCatalog(): Catalog {
  const catalog = new Catalog();
  const servers: Record<string, Tool[]> = {
    media: [
      tool('play_song', 'Play music tracks from the library.'),
      tool('show_photos', 'Show pictures from the camera roll.'),
      tool('delete_photos', 'Delete pictures from the camera roll.'),
    ],
    home: [
      tool('set_thermostat', 'Set the heating to a temperature.'),
      tool('lock_doors', 'Lock every door of the house.'),
    ],
    money: [
      tool('pay_invoice', 'Pay a bill from the bank account.'),
      tool('convert_currency', 'Convert an amount between currencies.'),
    ],
    // No word of it has a vector: it is close to no task at all.
    odd: [{ name: 'qzx_blorf', description: 'Frobnicates zzqx.', inputSchema: { type: 'object' } }],
  };
  for (const [id, tools] of Object.entries(servers)) {
    catalog.setServer(id, { tools, resources: [], resourceTemplates: [], prompts: [] });
  }
  return catalog;
}

const names = (hits: ToolSearchHit[]) => hits.map((h) => h.tool.name);
const TASK = 'i want to hear a guitar album';

describe('the semantic signal', () => {
  it('finds a tool that shares no word with the task through the word vectors', () => {
    const catalog = homeCatalog();
    expect(new ToolIndex(catalog).search(TASK)).toEqual([]);
    const [first] = new ToolIndex(catalog, {}, undefined, () => vectors).search(TASK);
    expect(first?.tool.name).toBe('media__play_song');
    expect(first?.matched).toEqual([]);
    // The explanation says why: closeness in meaning, as a cosine.
    expect(first?.semantic).toBeGreaterThan(0.45);
    expect(reasonText(first!)).toMatch(/^meaning: 0\.\d\d$/);
    for (const query of [TASK, 'lock the door', 'pay the bill']) {
      const hits = new ToolIndex(catalog, {}, undefined, () => vectors).search(query);
      expect(names(hits)).not.toContain('odd__qzx_blorf');
    }
  });

  it('takes one tool’s cosine as the whole pass does', () => {
    const index = new ToolIndex(homeCatalog(), {}, undefined, () => vectors);
    index.search('warm');
    const tools = (index as unknown as { built: { semantic: Parameters<typeof cosines>[0] } }).built
      .semantic;
    const task = queryVector('listen to a guitar album', tools, SEMANTIC)!;
    const all = cosines(tools, task);
    for (let id = 0; id < all.length; id++) {
      expect(cosineOf(tools, id, task)).toBeCloseTo(all[id]!, 5);
    }
  });

  it('never lifts a delete above a show-me', () => {
    const index = new ToolIndex(homeCatalog(), {}, undefined, () => vectors);
    const hits = names(index.search('show me the snapshots from our beach holiday'));
    expect(hits[0]).toBe('media__show_photos');
    if (hits.includes('media__delete_photos'))
      expect(hits.indexOf('media__delete_photos')).toBeGreaterThan(0);
  });

  it('ranks by words alone, with one warning, when the vector file is missing or corrupt', () => {
    const lines: unknown[][] = [];
    const catalog = homeCatalog();
    const source = createWordVectorSource(join(dir, 'missing.bin'), {
      warn: (...args: unknown[]) => void lines.push(args),
    });
    const degraded = new ToolIndex(catalog, {}, undefined, source);
    const lexical = new ToolIndex(catalog);
    for (const query of ['lock the door', 'pay the bill', TASK]) {
      expect(degraded.search(query)).toEqual(lexical.search(query));
    }
    // A rebuild (the catalog changed) does not try the file again.
    catalog.removeServer('money');
    expect(names(degraded.search('lock the door'))).toEqual(names(lexical.search('lock the door')));
    expect(lines).toHaveLength(1);
  });

  it('asks for the vectors at the first search, not when the index is made', () => {
    let asked = 0;
    const index = new ToolIndex(homeCatalog(), {}, undefined, () => {
      asked++;
      return vectors;
    });
    expect(asked).toBe(0);
    index.search('lock the door');
    index.search('pay the bill');
    expect(asked).toBe(1);
  });

  it('leaves the vectors unread when its weight is 0', () => {
    let asked = 0;
    const semantic = { ...SEMANTIC, weight: 0 };
    const index = new ToolIndex(homeCatalog(), { semantic }, undefined, () => {
      asked++;
      return vectors;
    });
    expect(index.search(TASK)).toEqual([]);
    expect(asked).toBe(0);
  });
});
