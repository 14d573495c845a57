import { describe, expect, it } from 'vitest';
import type { ApprovalView } from '../../../shared/model';
import { arrivals, pendingTitle, shortToolName } from './approval-alerts-model';

const approval = (id: string): ApprovalView =>
  ({ id, tool: 'fs__write_file', serverId: 'fs' }) as ApprovalView;

describe('approval alerts model', () => {
  it('puts the pending count in front of the title', () => {
    expect(pendingTitle(0)).toBe('Switchboard');
    expect(pendingTitle(2)).toBe('(2) Switchboard');
  });

  it('names the tool without its server prefix', () => {
    expect(shortToolName(approval('a'))).toBe('write_file');
    expect(shortToolName({ tool: 'other', serverId: 'fs' })).toBe('other');
  });

  it('reports each approval once, and forgets settled ones', () => {
    const seen = new Set<string>();
    expect(arrivals([approval('a')], seen).map((a) => a.id)).toEqual(['a']);
    expect(arrivals([approval('b'), approval('a')], seen).map((a) => a.id)).toEqual(['b']);
    expect(arrivals([approval('b')], seen)).toEqual([]);
    expect([...seen]).toEqual(['b']);
  });
});
