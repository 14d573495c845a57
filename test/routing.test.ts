import { describe, expect, it } from 'vitest';
import { evaluate, loadRoutingData } from './routing/eval.js';

// The routing evaluation run in-process. Only coarse floors: the figures themselves are
// reported by `test/routing/eval.ts --write` into bench/results.md, timing included.
describe('tool routing evaluation', () => {
  it('has a catalog of 300+ tools and 150+ tasks whose expected tools all exist', async () => {
    const { servers, queries, heldOut: heldOutIds } = await loadRoutingData();
    const names = new Set(servers.flatMap((s) => s.tools.map((t) => `${s.id}__${t.name}`)));
    expect(names.size).toBeGreaterThanOrEqual(300);
    expect(queries.length).toBeGreaterThanOrEqual(150);
    expect(new Set(queries.map((q) => q.id)).size).toBe(queries.length);
    for (const query of queries) {
      expect(query.expected.length).toBeGreaterThan(0);
      for (const name of query.expected) expect(names, `${query.id}: ${name}`).toContain(name);
    }
    const heldOut = queries.filter((q) => heldOutIds.has(q.id)).length / queries.length;
    expect(heldOut).toBeGreaterThan(0.2);
    expect(heldOut).toBeLessThan(0.4);
  });

  it('has an unseen set of 60+ tasks whose expected tools all exist in its catalog', async () => {
    const { unseenServers, unseenQueries } = await loadRoutingData();
    const names = new Set(unseenServers.flatMap((s) => s.tools.map((t) => `${s.id}__${t.name}`)));
    expect(unseenQueries.length).toBeGreaterThanOrEqual(60);
    for (const query of unseenQueries) {
      for (const name of query.expected) expect(names, `${query.id}: ${name}`).toContain(name);
    }
  });

  it('has a development set over other servers than the unseen set, its tools all there', async () => {
    const { devServers, devQueries, unseenServers, queries } = await loadRoutingData();
    const names = new Set(devServers.flatMap((s) => s.tools.map((t) => `${s.id}__${t.name}`)));
    expect(devQueries.length).toBeGreaterThanOrEqual(40);
    for (const query of devQueries) {
      for (const name of query.expected) expect(names, `${query.id}: ${name}`).toContain(name);
    }
    // Developing on a server of the unseen set would make that set seen; the default
    // filesystem and memory servers are in both on purpose.
    const unseen = new Set(unseenServers.map((s) => s.package));
    const own = devServers.filter((s) => s.id !== 'filesystem' && s.id !== 'memory');
    for (const server of own) expect(unseen.has(server.package), server.id).toBe(false);
    const ids = new Set([...devQueries, ...queries].map((q) => q.id));
    expect(ids.size).toBe(devQueries.length + queries.length);
  });

  it('finds an expected tool in the top 5 for at least 85% of the tasks', async () => {
    const report = await evaluate({ timing: false });
    expect(report.all.recallAt5).toBeGreaterThanOrEqual(0.85);
    expect(report.heldOut.recallAt5).toBeGreaterThanOrEqual(0.8);
    expect(report.all.recallAt1).toBeGreaterThanOrEqual(0.6);
  });
});
