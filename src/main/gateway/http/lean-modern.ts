import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  ProtocolErrorCode,
  SERVER_INFO_META_KEY,
  classifyInboundRequest,
  isJsonContentType,
} from '@modelcontextprotocol/server';
import { SERVER_INFO, type AgentServerDeps } from './agent-server.js';
import type { CallContext, Principal, Scope } from '../pipeline/call-context.js';
import { ResponseCancel } from './disconnect.js';
import { lean } from '../lean.js';
import { isObject, plainRequest, runLaneRequest } from './lane-request.js';
import type { AgentChannel } from '../relay/server-requests.js';
import { SdkEncoder, type Outcome } from './lean-modern-encoder.js';

/** The one revision the lane serves; anything else stays with the SDK. */
const REVISION = '2026-07-28';

type Id = string | number;

/** A 2026-07-28 request the lane takes, already checked. */
export interface ModernRequest {
  id: Id;
  method: 'tools/call' | 'resources/read';
  params: { name?: string; arguments?: Record<string, unknown>; uri?: string };
  /** The capabilities the agent declared in the request's envelope. */
  capabilities: Record<string, unknown>;
  /** The request as received, for the SDK to encode an answer the lane does not. */
  req: IncomingMessage;
  body: Record<string, unknown>;
}

/**
 * The lean lane for 2026-07-28 agents: a plain `tools/call` or `resources/read` answered
 * without a per-request SDK `Server`, transport, web `Request` and `Response`. The SDK serves
 * that era statelessly (`createMcpHandler`), so every request paid for all of them.
 *
 * The lane takes only what it answers exactly as the SDK path does (test/lean-modern.test.ts
 * pins the bytes): a request whose envelope carries nothing but the protocol version, client
 * info and capabilities (no progress token, log level, `requestState`, task or trace context),
 * whose `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` headers equal the body, and whose
 * agent declared none of `sampling`, `elicitation` and `roots`: a server's request during such
 * a call is refused by the relay before it could become an `input_required` round, on either
 * path, so the lane never needs to hold a round. The era and envelope are classified by the
 * SDK's own `classifyInboundRequest`. The call runs through the same pipeline (admission,
 * policy, cache, audit, metrics), and its answer is encoded by the same steps the SDK applies
 * (`resultType`, cache fields, `serverInfo`); a result the lane cannot prove the SDK's
 * validation leaves unchanged is encoded by the SDK itself (lean-modern-encoder.ts).
 */
export class ModernLane {
  private readonly encoder = new SdkEncoder();

  constructor(private readonly deps: AgentServerDeps) {}

  /** The request, if the lane answers it. */
  takes(req: IncomingMessage, body: unknown): ModernRequest | undefined {
    const headers = req.headers;
    if (!lean.enabled || !lean.modern || headers['mcp-protocol-version'] !== REVISION)
      return undefined;
    if (!isJsonContentType(headers['content-type'] ?? null)) return undefined;
    const plain = plainRequest(body);
    if (!plain || headers['mcp-method'] !== plain.method) return undefined;
    const { id, method, params } = plain;
    const name = method === 'tools/call' ? params.name : params.uri;
    // The header must be the body's value as it is: an encoded or padded header is the SDK's.
    if (typeof name !== 'string' || headers['mcp-name'] !== name || !PLAIN_NAME.test(name)) {
      return undefined;
    }
    const args = params.arguments;
    // The SDK copies the arguments key by key, where an own `__proto__` key would not survive.
    if (args !== undefined && (!isObject(args) || Object.hasOwn(args, '__proto__'))) {
      return undefined;
    }
    const meta = params._meta;
    if (!isObject(meta)) return undefined;
    for (const key of Object.keys(meta)) if (!ENVELOPE_KEYS.has(key)) return undefined;
    const capabilities = meta[CLIENT_CAPABILITIES_META_KEY];
    if (!isObject(capabilities)) return undefined;
    for (const asked of ASKED_CAPABILITIES) if (asked in capabilities) return undefined;
    const route = classifyInboundRequest({
      httpMethod: 'POST',
      protocolVersionHeader: REVISION,
      mcpMethodHeader: method,
      mcpNameHeader: name,
      body,
    });
    if (route.kind !== 'modern' || route.messageKind !== 'request') return undefined;
    if (route.classification.revision !== REVISION) return undefined;
    return {
      id,
      method,
      params: params as ModernRequest['params'],
      capabilities,
      req,
      body: body as Record<string, unknown>,
    };
  }

  /** Runs the request through the pipeline and writes its answer. */
  async answer(
    res: ServerResponse,
    request: ModernRequest,
    principal: Principal,
    scope: Scope,
  ): Promise<void> {
    // The agent's connection dropping cancels the call, as closing the per-request transport
    // does on the SDK path.
    const cancel = new ResponseCancel(res);
    const ctx: CallContext = {
      principal,
      signal: cancel,
      agent: channel(principal.keyName, request.capabilities),
    };
    let outcome: Outcome;
    try {
      outcome = { value: await runLaneRequest(this.deps, request, scope, ctx) };
    } catch (error) {
      outcome = { error };
    } finally {
      cancel.release();
    }
    // A request whose connection closed gets no answer, as the SDK gives none.
    if (cancel.aborted || res.destroyed || res.writableEnded) return;
    const text = encode(request, outcome);
    if (text === undefined) return this.encoder.write(res, request, outcome);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  close(): Promise<void> {
    return this.encoder.close();
  }
}

const ENVELOPE_KEYS = new Set([
  PROTOCOL_VERSION_META_KEY,
  CLIENT_INFO_META_KEY,
  CLIENT_CAPABILITIES_META_KEY,
]);
/** What a server could ask the agent for during a call: such agents go through the SDK. */
const ASKED_CAPABILITIES = ['sampling', 'elicitation', 'roots'];
/** Printable ASCII, not blank-edged, not an `=?base64?…?=` sentinel: the header is the value. */
const PLAIN_NAME = /^(?!=\?)[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * The agent as a relay target during a lane call. It declared none of the capabilities a
 * server's request needs, so the relay refuses every such request before it reaches `request`,
 * exactly as it does for the SDK path's suspended call; the era has no notifications outside
 * a request's own answer.
 */
function channel(keyName: string, capabilities: Record<string, unknown>): AgentChannel {
  let callId: string | undefined;
  return {
    get callId() {
      return (callId ??= randomUUID());
    },
    relayed: false,
    owner: `${keyName}:${randomUUID()}`,
    capabilities: () => capabilities,
    request: (method) =>
      Promise.reject(new Error(`${method} cannot reach an agent that did not declare it`)),
    notify: () => undefined,
  };
}

/**
 * The answer's JSON text as the SDK's 2026-07-28 encoding gives it, or undefined when the lane
 * cannot be sure of that (the SDK then encodes it). Mirrors, step by step: the result schema
 * of `tools/call` (checked to leave the result as it is), `resultType`, the cache fields of
 * `resources/read`, `serverInfo` in `_meta`, and the error shape with its code mapping.
 */
export function encode(request: ModernRequest, outcome: Outcome): string | undefined {
  if ('error' in outcome) {
    const error = outcome.error;
    if (!isObject(error)) return undefined;
    const thrown = Number.isSafeInteger(error.code)
      ? (error.code as number)
      : ProtocolErrorCode.InternalError;
    // This code alone is answered with an HTTP error status by the SDK.
    if (thrown === ProtocolErrorCode.MissingRequiredClientCapability) return undefined;
    const message = {
      jsonrpc: '2.0',
      id: request.id,
      error: {
        code:
          thrown === ProtocolErrorCode.ResourceNotFound ? ProtocolErrorCode.InvalidParams : thrown,
        message: (error.message as string | undefined) ?? 'Internal error',
        ...(error.data !== undefined && { data: error.data }),
      },
    };
    return JSON.stringify(message);
  }
  if (!isPlainObject(outcome.value)) return undefined;
  let result: Record<string, unknown> | undefined = outcome.value;
  if (request.method === 'tools/call') result = asCallResultSchemaWrites(result);
  if (!result) return undefined;
  if (result.resultType === undefined) result = { ...result, resultType: 'complete' };
  if (request.method === 'resources/read' && result.resultType === 'complete') {
    const { ttlMs, cacheScope } = result;
    result = {
      ...result,
      ttlMs: typeof ttlMs === 'number' && Number.isSafeInteger(ttlMs) && ttlMs >= 0 ? ttlMs : 0,
      cacheScope: cacheScope === 'public' || cacheScope === 'private' ? cacheScope : 'private',
    };
  }
  const meta = result._meta;
  if (meta === undefined) {
    result = { ...result, _meta: { [SERVER_INFO_META_KEY]: SERVER_INFO } };
  } else if (isObject(meta) && meta[SERVER_INFO_META_KEY] === undefined) {
    result = { ...result, _meta: { ...meta, [SERVER_INFO_META_KEY]: SERVER_INFO } };
  }
  return JSON.stringify({ result, jsonrpc: '2.0', id: request.id });
}

/** The shape keys of the SDK's `tools/call` result schema, in its order (extras follow). */
const CALL_RESULT_KEYS = ['_meta', 'content', 'structuredContent', 'isError'];
const SERVER_INFO_KEYS = ['name', 'title', 'icons', 'version', 'websiteUrl', 'description'];

/**
 * The `tools/call` result as the SDK's result schema writes it (zod: the shape's keys first, in
 * shape order, then a loose object's other keys; a strict object's other keys dropped; a key
 * given as undefined kept as undefined), or undefined for anything beyond text content and a
 * well-formed `serverInfo`, which the SDK then encodes itself.
 */
function asCallResultSchemaWrites(
  result: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (!Array.isArray(result.content)) return undefined;
  const out: Record<string, unknown> = {};
  if ('_meta' in result) {
    const meta = resultMeta(result._meta);
    if (meta === FAILED) return undefined;
    out._meta = meta;
  }
  const content: unknown[] = [];
  for (const block of result.content as unknown[]) {
    const text = textBlock(block);
    if (!text) return undefined;
    content.push(text);
  }
  out.content = content;
  if ('structuredContent' in result) out.structuredContent = result.structuredContent;
  if ('isError' in result) {
    if (result.isError !== undefined && typeof result.isError !== 'boolean') return undefined;
    out.isError = result.isError;
  }
  return withExtras(out, result, CALL_RESULT_KEYS);
}

const FAILED = Symbol('failed');

/** A result's `_meta` as the schema writes it: `serverInfo` first, the rest as they are. */
function resultMeta(meta: unknown): Record<string, unknown> | undefined | typeof FAILED {
  if (meta === undefined) return undefined;
  if (!plainRecord(meta)) return FAILED;
  const out: Record<string, unknown> = {};
  if (SERVER_INFO_META_KEY in meta) {
    const info = meta[SERVER_INFO_META_KEY];
    if (info === undefined) out[SERVER_INFO_META_KEY] = undefined;
    else {
      if (!isPlainObject(info) || typeof info.name !== 'string') return FAILED;
      if (typeof info.version !== 'string' || info.icons !== undefined) return FAILED;
      const written: Record<string, unknown> = {};
      for (const key of SERVER_INFO_KEYS) {
        if (!(key in info)) continue;
        if (info[key] !== undefined && typeof info[key] !== 'string') return FAILED;
        written[key] = info[key];
      }
      out[SERVER_INFO_META_KEY] = written;
    }
  }
  return withExtras(out, meta, [SERVER_INFO_META_KEY]) ?? FAILED;
}

/** A text content block as the schema writes it (a strict object: other keys dropped). */
function textBlock(block: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(block) || block.type !== 'text' || typeof block.text !== 'string') {
    return undefined;
  }
  if (block.annotations !== undefined) return undefined;
  const out: Record<string, unknown> = { type: block.type, text: block.text };
  if ('annotations' in block) out.annotations = undefined;
  if ('_meta' in block) {
    if (block._meta !== undefined && !plainRecord(block._meta)) return undefined;
    out._meta = block._meta === undefined ? undefined : { ...block._meta };
  }
  return out;
}

/** `out` followed by the loose object's keys beyond its shape, in their order. */
function withExtras(
  out: Record<string, unknown>,
  from: Record<string, unknown>,
  shape: string[],
): Record<string, unknown> | undefined {
  for (const key of Object.keys(from)) {
    if (shape.includes(key)) continue;
    if (key === '__proto__') return undefined;
    out[key] = from[key];
  }
  return out;
}

/** A plain record the schema copies key by key into an equal one. */
function plainRecord(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && !Object.hasOwn(value, '__proto__');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
