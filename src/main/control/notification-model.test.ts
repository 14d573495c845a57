import { describe, expect, it } from 'vitest';
import type { ApprovalView } from '../../shared/model.js';
import { createRedactor } from '../gateway/index.js';
import { MAX_ARGS_CHARS, approvalNotice, argsPreview, noticeHash } from './notification-model.js';

function approval(args: Record<string, unknown>, patch: Partial<ApprovalView> = {}): ApprovalView {
  return {
    id: 'ap-1',
    tool: 'github__create_issue',
    serverId: 'github',
    description: 'Create an issue',
    role: 'coder',
    keyName: 'cursor',
    arguments: args,
    argsDigest: 'x',
    createdAt: 1_000,
    expiresAt: 121_000,
    ...patch,
  };
}

describe('approvalNotice', () => {
  it('says who wants which tool, with the arguments and the deadline', () => {
    const notice = approvalNotice(approval({ title: 'Bug', labels: ['x'] }), { now: 31_000 });
    expect(notice.title).toBe('Approval needed');
    expect(notice.body).toBe(
      'cursor (coder) wants to run github__create_issue\n{"title":"Bug","labels":["x"]}\nDenied in 90 s unless approved',
    );
    expect(notice.actions).toEqual(['Approve', 'Deny']);
    expect(noticeHash(notice)).toBe('#/approvals/ap-1');
  });

  it('never includes secrets: secret-named keys, credential shapes, known secrets', () => {
    const token = `ghp_${'a'.repeat(36)}`;
    const redactor = createRedactor(['hunter2-very-secret']);
    const notice = approvalNotice(
      approval({
        apiKey: 'plain-looking-value',
        headers: { authorization: 'Bearer abcdefghijkl' },
        note: `use ${token} and hunter2-very-secret`,
      }),
      { redactor },
    );
    expect(notice.body).not.toContain('plain-looking-value');
    expect(notice.body).not.toContain('abcdefghijkl');
    expect(notice.body).not.toContain(token);
    expect(notice.body).not.toContain('hunter2-very-secret');
    expect(notice.body).toContain('***');
  });

  it('cuts long arguments and names short', () => {
    const notice = approvalNotice(
      approval({ content: 'x'.repeat(10_000) }, { keyName: 'k'.repeat(500) }),
    );
    const [first, preview] = notice.body.split('\n');
    expect(preview!.length).toBe(MAX_ARGS_CHARS);
    expect(preview!.endsWith('…')).toBe(true);
    expect(first!.length).toBeLessThan(200);
  });

  it('leaves out empty arguments and the deadline when no time is given', () => {
    expect(approvalNotice(approval({})).body).toBe(
      'cursor (coder) wants to run github__create_issue',
    );
  });

  it('reports minutes for long waits and an expired call', () => {
    expect(approvalNotice(approval({}), { now: 1_000 }).body).toMatch(/Denied in 2 min/);
    expect(approvalNotice(approval({}), { now: 200_000 }).body).toMatch(/Expired$/);
  });
});

describe('argsPreview', () => {
  it('puts multi-line values on one line and never splits a character', () => {
    expect(argsPreview({ text: 'a\n\n  b' })).toBe('{"text":"a\\n\\n  b"}');
    const emoji = argsPreview({ s: '😀'.repeat(500) });
    expect(emoji.endsWith('…')).toBe(true);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
