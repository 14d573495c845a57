import { describe, expect, it } from 'vitest';
import { ToolIndex } from '../src/main/gateway/catalog/search.js';
import { catalogOf, loadRoutingData, loadVectors } from './routing/eval.js';

// Three tasks the BM25-only ranker got wrong with just the default servers installed (the real
// tools/list of server-filesystem and server-memory, as snapshotted in catalog.json), ranked as
// the gateway ranks them: with the shipped word vectors.
describe('routing with the default filesystem and memory servers', () => {
  const { vectors } = loadVectors();
  const defaults = async () => {
    const { servers } = await loadRoutingData();
    return new ToolIndex(
      catalogOf(servers.filter((s) => s.id === 'filesystem' || s.id === 'memory')),
      {},
      undefined,
      () => vectors,
    );
  };

  it('ranks with the shipped word vectors', () => {
    expect(vectors?.size).toBeGreaterThan(0);
  });

  it('lists a folder for "which files are in"', async () => {
    const [first] = (await defaults()).search('show me which files are in the docs folder');
    expect(first?.tool.name).toBe('filesystem__list_directory');
    expect(first?.action).toBe('list');
  });

  it('searches the knowledge graph for "what do we already know about"', async () => {
    const [first] = (await defaults()).search('what do we already know about the payment service');
    expect(['memory__search_nodes', 'memory__open_nodes']).toContain(first?.tool.name);
  });

  it('reads the file for "open the README"', async () => {
    const [first] = (await defaults()).search('open the README and show its contents');
    expect(first?.tool.name).toBe('filesystem__read_text_file');
  });

  it('never ranks a tool that contradicts the task first: no delete for a show-me', async () => {
    const index = await defaults();
    for (const query of ['show me the notes file', 'show me what we know about Ada']) {
      const [first] = index.search(query);
      expect(first?.tool.name).not.toMatch(/delete|write|create|edit|move/);
    }
  });
});
