import { describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/model.js';
import { Budgets } from './budgets.js';

const role = (budgets: Role['budgets']): Role => ({
  name: 'coder',
  description: '',
  rules: [],
  exposure: 'all',
  pinned: [],
  ...(budgets ? { budgets } : {}),
});
const read = { name: 'fs__read_file', serverId: 'fs' };
const write = { name: 'fs__write_file', serverId: 'fs' };

describe('budgets', () => {
  it('counts per tool over a sliding minute, naming the spent budget', () => {
    let now = 1_000_000;
    const budgets = new Budgets(() => now);
    const r = role([{ pattern: 'fs__*', perMinute: 2 }]);
    expect(budgets.take(r, read)).toBeUndefined();
    now += 10_000;
    expect(budgets.take(r, read)).toBeUndefined();
    expect(budgets.take(r, read)).toBe(
      'budget 1 of role "coder" ("fs__*": 2 calls per minute per tool) is spent for tool "fs__read_file"; try again in 50 s',
    );
    // Another tool has its own count.
    expect(budgets.take(r, write)).toBeUndefined();
    now += 50_001;
    expect(budgets.take(r, read)).toBeUndefined();
    expect(budgets.take(r, read)).toMatch(/is spent/);
  });

  it("shares one count among a server's tools with per: server", () => {
    const budgets = new Budgets(() => 0);
    const r = role([{ pattern: 'fs__*', perMinute: 1, per: 'server' }]);
    expect(budgets.take(r, read)).toBeUndefined();
    expect(budgets.take(r, write)).toMatch(/per server\) is spent for server "fs"/);
  });

  it('counts nothing when any matching budget is spent', () => {
    const budgets = new Budgets(() => 0);
    const r = role([
      { pattern: 'fs__read_*', perMinute: 5 },
      { pattern: 'fs__*', perMinute: 1, per: 'server' },
    ]);
    expect(budgets.take(r, read)).toBeUndefined();
    for (let i = 0; i < 10; i++) expect(budgets.take(r, read)).toMatch(/^budget 2 /);
    // Budget 1 was charged once only: four more fit once budget 2 is gone.
    const wider = role([{ pattern: 'fs__read_*', perMinute: 5 }]);
    for (let i = 0; i < 4; i++) expect(budgets.take(wider, read)).toBeUndefined();
    expect(budgets.take(wider, read)).toMatch(/^budget 1 /);
  });

  it('a role without budgets, or a tool no budget matches, is never refused', () => {
    const budgets = new Budgets(() => 0);
    for (let i = 0; i < 100; i++) {
      expect(budgets.take(role(undefined), read)).toBeUndefined();
      expect(budgets.take(role([{ pattern: 'db__*', perMinute: 1 }]), read)).toBeUndefined();
    }
  });
});
