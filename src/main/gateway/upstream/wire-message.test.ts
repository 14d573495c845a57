import { deserializeMessage } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { parseWireMessage } from './wire-message.js';

/** What the SDK's parser makes of a line: the message, or the error's text. */
function sdk(line: string): unknown {
  try {
    return { message: deserializeMessage(line) };
  } catch (error) {
    return { error: String(error) };
  }
}

function ours(line: string): unknown {
  try {
    return { message: parseWireMessage(line) };
  } catch (error) {
    return { error: String(error) };
  }
}

const lines = [
  // the common shapes, taken by hand
  '{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"hi"}]}}',
  '{"jsonrpc":"2.0","id":"a","result":{}}',
  '{"result":{"isError":true,"content":[]},"id":7,"jsonrpc":"2.0"}',
  '{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"Method not found"}}',
  '{"jsonrpc":"2.0","id":2,"error":{"code":-32000,"message":"x","data":{"why":1}}}',
  '{"jsonrpc":"2.0","id":3,"method":"sampling/createMessage","params":{"messages":[]}}',
  '{"jsonrpc":"2.0","id":4,"method":"ping"}',
  '{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}',
  '{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"x"}}',
  // left to the SDK: _meta to check, shapes it refuses, not JSON at all
  '{"jsonrpc":"2.0","id":5,"result":{"_meta":{"progressToken":1},"content":[]}}',
  '{"jsonrpc":"2.0","method":"notifications/progress","params":{"_meta":{},"progress":1}}',
  '{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"}}',
  '{"jsonrpc":"2.0","id":1,"result":{},"extra":true}',
  '{"jsonrpc":"2.0","id":1.5,"result":{}}',
  '{"jsonrpc":"2.0","id":null,"result":{}}',
  '{"jsonrpc":"1.0","id":1,"result":{}}',
  '{"jsonrpc":"2.0","id":1,"result":[1]}',
  '{"jsonrpc":"2.0","id":1,"error":{"code":1.5,"message":"x"}}',
  '{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"x","extra":1}}',
  '{"jsonrpc":"2.0","id":1,"method":5}',
  '{"jsonrpc":"2.0","id":1}',
  '[{"jsonrpc":"2.0","id":1,"result":{}}]',
  'null',
  'server starting on stdout',
  '{"jsonrpc":"2.0","id":1,"result":',
];

describe('parseWireMessage', () => {
  it.each(lines)('reads %s as the SDK does', (line) => {
    expect(ours(line)).toEqual(sdk(line));
  });

  it('passes a common result on unchanged', () => {
    const line = '{"jsonrpc":"2.0","id":9,"result":{"content":[{"type":"text","text":"ok"}]}}';
    expect(parseWireMessage(line)).toEqual(JSON.parse(line));
  });
});
