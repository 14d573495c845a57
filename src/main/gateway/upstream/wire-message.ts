import { deserializeMessage, type JSONRPCMessage } from '@modelcontextprotocol/client';
import { isObject } from '../http/lane-request.js';

/**
 * One JSON-RPC message from a server's line, parsed once. The SDK's `deserializeMessage`
 * checks the parse against its schemas, which costs more CPU than the rest of a small call's
 * trip through the gateway; here the common shapes — a result, an error, a request or a
 * notification, each with exactly the keys the schemas allow and no `_meta` to check — are
 * recognised by hand and passed on as parsed. A result's `_meta` is taken by hand too when it
 * is what servers of the 2026-07-28 era put on every answer: any keys, with a server info of
 * plain strings. Anything else goes to the SDK's parser, so what is accepted, refused, rewritten
 * and how a refusal reads stay the SDK's.
 */
export function parseWireMessage(line: string): JSONRPCMessage {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return deserializeMessage(line);
  }
  return wireMessageOf(value, line);
}

/**
 * A message already parsed from `text` (its JSON; absent for one element of a batch), checked as
 * `parseWireMessage` checks a line: taken as it is when plain, else by the SDK's parser, which
 * throws for what is not JSON-RPC.
 */
export function wireMessageOf(value: unknown, text?: string): JSONRPCMessage {
  return isPlainMessage(value) ? value : deserializeMessage(text ?? JSON.stringify(value));
}

const isId = (v: unknown): boolean =>
  typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));

/** Keys only, with no `_meta` (the schemas check its content). */
const isBareParams = (v: unknown): boolean =>
  v === undefined || (isObject(v) && v._meta === undefined);

const SERVER_INFO = 'io.modelcontextprotocol/serverInfo';
/** Server info keys whose values the SDK passes on as they are when they are strings. */
const INFO_STRINGS = new Set(['name', 'version', 'title', 'websiteUrl', 'description']);

/**
 * A result's `_meta` the SDK would pass on unchanged: its schema is loose, except that a server
 * info it cannot read is dropped and unknown keys inside one are stripped, so only a server
 * info of known string keys is taken here.
 */
function isPlainResultMeta(meta: unknown): boolean {
  if (meta === undefined) return true;
  if (!isObject(meta)) return false;
  if (!(SERVER_INFO in meta)) return true;
  const info = meta[SERVER_INFO];
  if (!isObject(info) || typeof info.name !== 'string' || typeof info.version !== 'string') {
    return false;
  }
  for (const key in info) {
    if (!INFO_STRINGS.has(key) || typeof info[key] !== 'string') return false;
  }
  return true;
}

function isPlainMessage(m: unknown): m is JSONRPCMessage {
  if (!isObject(m) || m.jsonrpc !== '2.0') return false;
  let keys = 1;
  if ('id' in m) {
    if (!isId(m.id)) return false;
    keys += 1;
  }
  if ('method' in m) {
    if (typeof m.method !== 'string' || !isBareParams(m.params)) return false;
    return Object.keys(m).length === keys + 1 + ('params' in m ? 1 : 0);
  }
  if (!('id' in m)) return false;
  if ('result' in m) {
    return isObject(m.result) && isPlainResultMeta(m.result._meta) && Object.keys(m).length === 3;
  }
  const error = m.error;
  return (
    isObject(error) &&
    Number.isInteger(error.code) &&
    typeof error.message === 'string' &&
    Object.keys(error).length === ('data' in error ? 3 : 2) &&
    Object.keys(m).length === 3
  );
}
