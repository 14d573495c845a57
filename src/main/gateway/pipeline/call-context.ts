import type { CallSignal } from '../call-signal.js';
import type { CatalogTool } from '../catalog/catalog.js';
import type { AgentChannel } from '../relay/server-requests.js';
import type { ForwardOptions } from '../upstream/forward-options.js';

/**
 * What a call carries through the pipeline, apart from the pipeline itself (calls.ts): who
 * calls, under which names, with which signal and channels back to the agent. The transports
 * (http/, relay/) build these; they need the shapes, not the `Calls` class.
 */

/** Who is calling: the key's name and the role it is bound to. */
export interface Principal {
  readonly keyName: string;
  readonly role: string;
}

/** Everything a call needs from the agent's request, independent of the transport. */
export interface CallContext {
  readonly principal: Principal;
  /** Aborted when the agent cancels the request or disconnects. */
  readonly signal: CallSignal;
  /** Sends a progress notification to the agent (only when it asked for progress). */
  readonly progress?: ForwardOptions['onprogress'];
  /** The agent's side for requests a server sends during this call (sampling, elicitation, roots). */
  readonly agent?: AgentChannel;
  /** A 2025-11-25 task augmentation (`{ ttl? }`) forwarded with the call (tasks-relay.ts). */
  readonly task?: Record<string, unknown>;
}

/** Which names a request uses: the namespaced ones (`/mcp`) or one server's own (`/mcp/<id>`). */
export type Scope = { readonly serverId?: string };

/** One tools/call as the pipeline's steps pass it on: resolved, its arguments hashed once. */
export interface ToolCall {
  tool: CatalogTool;
  args: Record<string, unknown>;
  argsDigest: string;
  ctx: CallContext;
  started: number;
  /** Set once a person decided (or the wait ended otherwise). */
  waitMs?: number;
  /** How long the call waited for its server to start (a cold start), when it did. */
  startMs?: number;
}
