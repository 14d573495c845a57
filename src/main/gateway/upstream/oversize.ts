import type { JSONRPCMessage } from '@modelcontextprotocol/client';
import type { OversizeLine } from './line-reader.js';

const ID = String.raw`(-?\d+|"(?:[^"\\]|\\.){0,200}")`;
const HEAD_ID = new RegExp(String.raw`^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*${ID}`);
const TAIL_ID = new RegExp(String.raw`"id"\s*:\s*${ID}\s*(?:,\s*"jsonrpc"\s*:\s*"2\.0"\s*)?\}\s*$`);

/**
 * Whether a line that passed the limit is a response (a result or an error) rather than a
 * request or notification: the key `result` or `error` comes before any `method`.
 */
export function looksLikeResponse(head: string): boolean {
  const answer = head.search(/"(?:result|error)"\s*:/);
  if (answer < 0) return false;
  const method = head.search(/"method"\s*:/);
  return method < 0 || method > answer;
}

/**
 * The JSON-RPC id of an oversize response, read from where servers put it: first (after
 * `jsonrpc`), or last (the TypeScript SDK's `{"result":…,"jsonrpc":"2.0","id":N}`).
 */
export function oversizeId(line: OversizeLine): string | number | undefined {
  const match = HEAD_ID.exec(line.head) ?? (line.ended ? TAIL_ID.exec(line.tail) : null);
  if (!match) return undefined;
  const raw = match[1]!;
  return raw.startsWith('"') ? (JSON.parse(raw) as string) : Number(raw);
}

/** The error response that stands in for a result refused for its size. */
export function refusal(
  id: string | number,
  bytes: number,
  wireLimit: number,
  limit: number,
): JSONRPCMessage {
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code: -32603,
      message:
        `the result passed ${wireLimit} bytes on the wire while it arrived (${bytes} so far), ` +
        `over Switchboard's limit of ${limit} bytes, and was refused. ` +
        'Ask for less (a smaller range, page or file).',
    },
  } as JSONRPCMessage;
}
