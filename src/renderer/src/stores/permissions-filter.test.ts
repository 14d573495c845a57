import { describe, expect, it } from 'vitest';
import type { DecisionView, ToolView } from '../../../shared/model';
import {
  bulkImpact,
  countMatches,
  filterTools,
  matchesQuery,
  NO_FILTER,
  type ToolFilter,
} from './permissions-filter';

const rule = (action: DecisionView['action']): DecisionView => ({
  action,
  source: 'rule',
  reason: 'r',
});
const dflt = (action: DecisionView['action']): DecisionView => ({
  action,
  source: 'annotations',
  reason: 'd',
});

const tool = (serverId: string, name: string, extra: Partial<ToolView> = {}): ToolView => ({
  name: `${serverId}__${name}`,
  serverId,
  originalName: name,
  description: '',
  inputSchema: {},
  annotations: { readOnly: false, destructive: false, idempotent: false, openWorld: false },
  decisions: {},
  ...extra,
});

const read = tool('fs', 'read_file', {
  description: 'Reads a file from disk',
  annotations: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
  defaultAction: 'allow',
  decisions: { coder: dflt('allow'), viewer: rule('allow') },
});
const write = tool('fs', 'write_file', {
  description: 'Writes a file',
  annotations: { readOnly: false, destructive: true, idempotent: false, openWorld: false },
  defaultAction: 'ask',
  decisions: { coder: rule('allow'), viewer: rule('ask') },
});
const fetchTool = tool('web', 'fetch', {
  title: 'Fetch a page',
  annotations: { readOnly: true, destructive: false, idempotent: false, openWorld: true },
  defaultAction: 'allow',
  decisions: { coder: dflt('allow'), viewer: rule('deny') },
});
const ALL = [read, write, fetchTool];
const ROLES = ['coder', 'viewer'];
const names = (f: Partial<ToolFilter>) =>
  filterTools(ALL, { ...NO_FILTER, ...f }, ROLES).map((t) => t.originalName);

describe('permissions filters', () => {
  it('searches names, titles, descriptions and annotations; every word must appear', () => {
    expect(matchesQuery(read, 'disk')).toBe(true);
    expect(matchesQuery(fetchTool, 'PAGE')).toBe(true);
    expect(names({ query: 'destructive' })).toEqual(['write_file']);
    expect(names({ query: 'open-world' })).toEqual(['fetch']);
    expect(names({ query: 'file read-only' })).toEqual(['read_file']);
    expect(names({ query: '  ' })).toEqual(['read_file', 'write_file', 'fetch']);
  });

  it('filters by server', () => {
    expect(names({ server: 'web' })).toEqual(['fetch']);
  });

  it('filters by state, judged on the visible roles only', () => {
    expect(names({ state: 'ask-deny' })).toEqual(['write_file', 'fetch']);
    expect(names({ state: 'ask-deny', hiddenRoles: ['viewer'] })).toEqual([]);
    expect(names({ state: 'explicit', hiddenRoles: ['viewer'] })).toEqual(['write_file']);
    // A rule that agrees with the default does not differ from it.
    expect(names({ state: 'differs' })).toEqual(['write_file', 'fetch']);
    expect(names({ state: 'differs', hiddenRoles: ['coder'] })).toEqual(['fetch']);
  });

  it('counts the tools a pattern matches with the gateway glob (case-insensitive)', () => {
    expect(countMatches(ALL, 'fs__*')).toBe(2);
    expect(countMatches(ALL, 'FS__READ_?ILE')).toBe(1);
    expect(countMatches(ALL, '*')).toBe(3);
    expect(countMatches(ALL, ' ')).toBe(0);
    expect(countMatches(ALL, 'nothing')).toBe(0);
  });

  it('tells how many tools a bulk change matches and how many it changes', () => {
    expect(bulkImpact(ALL, 'viewer', '*', 'deny')).toEqual({ matched: 3, changed: 2 });
    expect(bulkImpact(ALL, 'coder', 'fs__*', 'allow')).toEqual({ matched: 2, changed: 0 });
  });
});
