import type { AgentServerDeps } from './agent-server.js';
import type { Calls } from '../pipeline/calls.js';
import type { CallContext, Scope } from '../pipeline/call-context.js';

type Id = string | number;

/** A `tools/call` or `resources/read` in the shape both lean lanes take, not yet era-checked. */
export interface PlainRequest {
  id: Id;
  method: 'tools/call' | 'resources/read';
  params: Record<string, unknown>;
}

const BODY_KEYS = new Set(['jsonrpc', 'id', 'method', 'params']);
const CALL_KEYS = new Set(['name', 'arguments', '_meta']);
const READ_KEYS = new Set(['uri', '_meta']);

/**
 * The body as a lean lane may take it: a JSON-RPC request for `tools/call` or `resources/read`
 * with no key the SDK would read and the lane would not (anything else goes to the SDK).
 */
export function plainRequest(body: unknown): PlainRequest | undefined {
  if (!isObject(body)) return undefined;
  const { jsonrpc, id, method, params } = body;
  if (jsonrpc !== '2.0' || (typeof id !== 'string' && typeof id !== 'number')) return undefined;
  if (method !== 'tools/call' && method !== 'resources/read') return undefined;
  if (!isObject(params)) return undefined;
  for (const key of Object.keys(body)) if (!BODY_KEYS.has(key)) return undefined;
  const allowed = method === 'tools/call' ? CALL_KEYS : READ_KEYS;
  for (const key of Object.keys(params)) if (!allowed.has(key)) return undefined;
  return { id, method, params };
}

/**
 * An agent's tool call as every path runs it: the gateway's own find/call tools on the
 * unscoped endpoint, any other tool through the pipeline.
 */
export function callTool(
  deps: AgentServerDeps,
  scope: Scope,
  name: string,
  args: Record<string, unknown> | undefined,
  ctx: CallContext,
): ReturnType<Calls['callTool']> {
  return !scope.serverId && deps.meta.isMetaTool(name)
    ? deps.meta.call(name, args, ctx)
    : deps.calls.callTool(scope, name, args, ctx);
}

/** A lane request run through the pipeline. */
export function runLaneRequest(
  deps: AgentServerDeps,
  request: {
    method: PlainRequest['method'];
    params: { name?: string; arguments?: Record<string, unknown>; uri?: string };
  },
  scope: Scope,
  ctx: CallContext,
): Promise<unknown> {
  const { name, arguments: args, uri } = request.params;
  return request.method === 'resources/read'
    ? deps.calls.readResource(scope, uri!, ctx)
    : callTool(deps, scope, name!, args, ctx);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
