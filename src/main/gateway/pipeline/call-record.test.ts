import { describe, expect, it } from 'vitest';
import { createRedactor } from '../observe/redact.js';
import { auditEntry, type AuditRecord } from './call-record.js';

// The audit line on disk is read by people and by tools (exports, the reader): its keys keep
// their order, and secrets in arguments, errors and results never reach it.

const SECRET = 'hunter2-very-secret';
const redactor = createRedactor([SECRET]);
const principal = { keyName: 'k', role: 'admin' };

const base: AuditRecord = {
  method: 'tools/call',
  tool: 'fs__read',
  serverId: 'fs',
  args: { path: '/tmp/x', token: 'abc123456' },
  argsDigest: 'd1',
  ctx: { principal, signal: new AbortController().signal },
  started: Date.UTC(2026, 0, 2, 3, 4, 5),
  decision: 'allow',
  decidedBy: 'rule',
  outcome: 'ok',
};

describe('auditEntry', () => {
  it('writes the fields of a plain call in a fixed order', () => {
    expect(JSON.stringify(auditEntry(base, redactor, base.started + 7))).toBe(
      '{"time":"2026-01-02T03:04:05.000Z","keyName":"k","role":"admin","method":"tools/call",' +
        '"tool":"fs__read","serverId":"fs","argsDigest":"d1",' +
        '"argsPreview":"{\\"path\\":\\"/tmp/x\\",\\"token\\":\\"***\\"}","decision":"allow",' +
        '"decidedBy":"rule","outcome":"ok","durationMs":7,"cacheHit":false}',
    );
  });

  it('places every optional field where it always was, masked', () => {
    const agent = {
      callId: 'c1',
      relayed: true,
      owner: 'k:s',
      capabilities: () => undefined,
      request: async () => ({}),
      notify: () => undefined,
    };
    const full: AuditRecord = {
      ...base,
      ctx: { ...base.ctx, agent },
      outcome: 'error',
      waitMs: 1,
      serverMs: 2,
      cacheHit: true,
      startMs: 3,
      answeredBy: 'backup',
      error: `failed with ${SECRET}`,
      result: `said ${SECRET}`,
      causedBy: 'c0',
    };
    const line = JSON.stringify(auditEntry(full, redactor, base.started + 9));
    expect(Object.keys(JSON.parse(line) as object)).toEqual([
      'time',
      'keyName',
      'role',
      'method',
      'tool',
      'serverId',
      'argsDigest',
      'argsPreview',
      'decision',
      'decidedBy',
      'outcome',
      'durationMs',
      'waitMs',
      'serverMs',
      'cacheHit',
      'startMs',
      'answeredBy',
      'error',
      'result',
      'callId',
      'causedBy',
    ]);
    expect(line).not.toContain(SECRET);
    expect(line).toContain('"error":"failed with ***"');
    expect(line).toContain('"result":"said ***"');
  });
});
