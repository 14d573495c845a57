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
  // a 2026-07-28 answer's _meta, taken by hand when the SDK would pass it on unchanged
  '{"jsonrpc":"2.0","id":5,"result":{"_meta":{"progressToken":1},"content":[]}}',
  '{"jsonrpc":"2.0","id":6,"result":{"content":[],"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"s","version":"1.0.0"}}}}',
  '{"jsonrpc":"2.0","id":6,"result":{"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"s","version":"1","title":"S","description":"d","websiteUrl":"https://x"},"other":{"a":1}}}}',
  // left to the SDK: a server info it drops or strips, _meta to check, shapes it refuses, not JSON
  '{"jsonrpc":"2.0","id":6,"result":{"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"s"}}}}',
  '{"jsonrpc":"2.0","id":6,"result":{"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"s","version":"1","extra":1}}}}',
  '{"jsonrpc":"2.0","id":6,"result":{"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"s","version":"1","title":5}}}}',
  '{"jsonrpc":"2.0","id":6,"result":{"_meta":{"io.modelcontextprotocol/serverInfo":"s"}}}',
  '{"jsonrpc":"2.0","id":6,"result":{"_meta":null}}',
  '{"jsonrpc":"2.0","id":6,"result":{"_meta":[1]}}',
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

  it('takes a 2026-07-28 answer with its server info by hand, as it came', () => {
    const line =
      '{"jsonrpc":"2.0","id":1,"result":{"content":[],"_meta":{"io.modelcontextprotocol/serverInfo":{"name":"s","version":"1"}}}}';
    const parsed = parseWireMessage(line);
    expect(parsed).toStrictEqual(JSON.parse(line));
    expect(parsed).toStrictEqual(deserializeMessage(line));
  });
});
