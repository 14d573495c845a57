import { ProtocolError, SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { tolerateListError } from './optional-lists.js';

describe('tolerateListError', () => {
  const notFound = new ProtocolError(-32601, 'Method not found');
  const timeout = new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out');

  it('turns a list the server refused into an empty list and a notice', () => {
    const notices: string[] = [];
    expect(tolerateListError('resources/list', notFound, (m) => notices.push(m))).toEqual([]);
    expect(tolerateListError('tools/list', notFound, (m) => notices.push(m))).toEqual([]);
    expect(notices).toHaveLength(2);
    expect(notices[0]).toContain('resources/list failed at start-up');
    expect(notices[0]).toContain('Method not found');
  });

  it('tolerates silence on an optional list but not on tools/list', () => {
    const notices: string[] = [];
    expect(tolerateListError('prompts/list', timeout, (m) => notices.push(m))).toEqual([]);
    expect(notices[0]).toContain('no answer');
    expect(() => tolerateListError('tools/list', timeout, () => {})).toThrow(timeout);
  });
});
