import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/model';
import { matchesAuditFilter } from '../../../shared/audit-query';
import { isFiltered, NO_FILTERS, toAuditFilter } from './audit-filter';

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

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const matches = (patch: Partial<typeof NO_FILTERS>) =>
  matchesAuditFilter(entry, toAuditFilter({ ...NO_FILTERS, ...patch }, NOW));

describe('audit filters', () => {
  it('sends only the filters that are set, a relative range fixed at the query', () => {
    expect(toAuditFilter(NO_FILTERS, NOW)).toEqual({});
    expect(isFiltered(NO_FILTERS)).toBe(false);
    expect(
      toAuditFilter(
        { ...NO_FILTERS, role: 'coder', outcome: 'error', text: '  flaky ', range: '1h' },
        NOW,
      ),
    ).toEqual({ role: 'coder', outcome: 'error', text: 'flaky', from: NOW - 3_600_000 });
    const custom = toAuditFilter(
      { ...NO_FILTERS, range: 'custom', from: '2026-11-25T09:00', to: 'not a time' },
      NOW,
    );
    expect(custom.from).toBe(new Date(2026, 10, 25, 9, 0).getTime());
    expect(custom.to).toBeUndefined();
  });

  it('matches live entries the way the gateway filters the log', () => {
    expect(matches({})).toBe(true);
    expect(matches({ role: 'reader' })).toBe(false);
    expect(matches({ server: 'github', outcome: 'ok' })).toBe(true);
    expect(matches({ text: 'FLAKY' })).toBe(true);
    expect(matches({ text: 'postgres' })).toBe(false);
    expect(matches({ tool: 'CREATE_', decision: 'ask', key: 'claude-code' })).toBe(true);
    expect(matches({ decision: 'allow' })).toBe(false);
    expect(matches({ range: '1h' })).toBe(false); // two hours before NOW
    expect(matches({ range: '24h' })).toBe(true);
  });
});
