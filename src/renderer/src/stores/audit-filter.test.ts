import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/model';
import { matchesAuditFilters, NO_FILTERS, toAuditQuery } from './audit-filter';

const entry: AuditEntry = {
  time: '2026-11-25T10:00:00.000Z',
  keyName: 'claude-code',
  role: 'coder',
  method: 'tools/call',
  tool: 'github__create_issue',
  serverId: 'github',
  argsDigest: '0'.repeat(64),
  argsPreview: '{"title":"Flaky test"}',
  decision: 'ask',
  decidedBy: 'person',
  outcome: 'ok',
  durationMs: 120,
  cacheHit: false,
};

describe('audit filters', () => {
  it('sends only the filters that are set', () => {
    expect(toAuditQuery(NO_FILTERS, 500)).toEqual({ limit: 500 });
    expect(
      toAuditQuery({ role: 'coder', server: '', outcome: 'error', text: '  flaky ' }, 10),
    ).toEqual({
      limit: 10,
      role: 'coder',
      outcome: 'error',
      text: 'flaky',
    });
  });

  it('matches live entries the way the table is filtered', () => {
    expect(matchesAuditFilters(entry, NO_FILTERS)).toBe(true);
    expect(matchesAuditFilters(entry, { ...NO_FILTERS, role: 'reader' })).toBe(false);
    expect(matchesAuditFilters(entry, { ...NO_FILTERS, server: 'github', outcome: 'ok' })).toBe(
      true,
    );
    expect(matchesAuditFilters(entry, { ...NO_FILTERS, text: 'FLAKY' })).toBe(true);
    expect(matchesAuditFilters(entry, { ...NO_FILTERS, text: 'postgres' })).toBe(false);
  });
});
