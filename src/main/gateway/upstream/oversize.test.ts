import { describe, expect, it } from 'vitest';
import { looksLikeResponse, oversizeId } from './oversize.js';

const line = (head: string, tail: string, ended: boolean) => ({ head, tail, ended, bytes: 0 });

describe('oversize lines', () => {
  it('tells responses from requests and notifications', () => {
    expect(looksLikeResponse('{"result":{"content":[{"type":"text","text":"xx')).toBe(true);
    expect(looksLikeResponse('{"jsonrpc":"2.0","id":3,"error":{"code":1')).toBe(true);
    expect(looksLikeResponse('{"method":"notifications/message","params":{"data":{"result":')).toBe(
      false,
    );
  });

  it('reads the id first (jsonrpc, id, result) or last (result, jsonrpc, id)', () => {
    expect(oversizeId(line('{"jsonrpc":"2.0","id":"a-1","result":{', '', false))).toBe('a-1');
    expect(oversizeId(line('{"id":12,"result":{', '', false))).toBe(12);
    expect(oversizeId(line('{"result":{"x":"', 'xx"}},"jsonrpc":"2.0","id":5}', false))).toBe(
      undefined,
    );
    expect(oversizeId(line('{"result":{"x":"', 'xx"}},"jsonrpc":"2.0","id":5}', true))).toBe(5);
  });
});
