import { ProtocolError, ProtocolErrorCode, type CallToolResult } from '@modelcontextprotocol/server';
import type { CatalogTool } from './catalog.js';
import { GatewayError, errorMessage } from './errors.js';
import type { Gateway } from './gateway.js';
import type { ForwardOptions } from './upstream/connection.js';

/** Who is calling: the key's name and the role it is bound to. */
export interface Principal {
  readonly keyName: string;
  readonly role: string;
}

/** Everything a call needs from the agent's request, independent of the transport. */
export interface CallContext {
  readonly principal: Principal;
  /** Aborted when the agent cancels the request or disconnects. */
  readonly signal: AbortSignal;
  /** Sends a progress notification to the agent (only when it asked for progress). */
  readonly progress?: ForwardOptions['onprogress'];
}

/** Which names a request uses: the namespaced ones (`/mcp`) or one server's own (`/mcp/<id>`). */
export type Scope = { readonly serverId?: string };

/**
 * The call pipeline, top to bottom, one function per step:
 * resolve → forward with timeout and cancellation → answer.
 *
 * (Policy, approval, cache, audit and metrics steps join this file as their issues land.)
 */
export class Calls {
  constructor(private readonly gateway: Gateway) {}

  /** tools/call: the result as the server sent it, or an MCP error result naming the server. */
  async callTool(
    scope: Scope,
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: CallContext,
  ): Promise<CallToolResult> {
    const tool = this.resolveTool(scope, name);
    try {
      return (await this.gateway.forward(
        tool.serverId,
        'tools/call',
        { name: tool.original.name, arguments: args ?? {} },
        { signal: ctx.signal, onprogress: ctx.progress },
      )) as CallToolResult;
    } catch (error) {
      return upstreamFailure(tool.serverId, error, ctx.signal);
    }
  }

  /** resources/read: routed to the server that owns the URI. */
  async readResource(scope: Scope, uri: string, ctx: CallContext): Promise<Record<string, unknown>> {
    const serverId = scope.serverId ?? this.gateway.catalog.resourceOwner(uri);
    if (!serverId) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown resource: ${uri}`);
    }
    return this.relay(serverId, 'resources/read', { uri }, ctx);
  }

  /** prompts/get: routed to the owning server under the prompt's original name. */
  async getPrompt(
    scope: Scope,
    name: string,
    args: Record<string, string> | undefined,
    ctx: CallContext,
  ): Promise<Record<string, unknown>> {
    const prompt = this.resolvePrompt(scope, name);
    const params = { name: prompt.serverName, ...(args ? { arguments: args } : {}) };
    return this.relay(prompt.serverId, 'prompts/get', params, ctx);
  }

  /** completion/complete for a prompt argument or a resource template. */
  async complete(
    scope: Scope,
    params: { ref: { type: string; name?: string; uri?: string } } & Record<string, unknown>,
    ctx: CallContext,
  ): Promise<Record<string, unknown>> {
    const ref = params.ref;
    if (ref.type === 'ref/prompt' && ref.name) {
      const prompt = this.resolvePrompt(scope, ref.name);
      const forwarded = { ...params, ref: { ...ref, name: prompt.serverName } };
      return this.relay(prompt.serverId, 'completion/complete', forwarded, ctx);
    }
    const serverId = scope.serverId ?? (ref.uri ? this.gateway.catalog.resourceOwner(ref.uri) : undefined);
    if (!serverId) return { completion: { values: [] } };
    return this.relay(serverId, 'completion/complete', params, ctx);
  }

  /** The catalog entry behind a name, or InvalidParams (the agent named something unknown). */
  resolveTool(scope: Scope, name: string): CatalogTool {
    const catalog = this.gateway.catalog;
    const tool = scope.serverId
      ? catalog.toolsOf(scope.serverId).find((t) => t.original.name === name)
      : catalog.tool(name);
    if (!tool) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${name}`);
    return tool;
  }

  private resolvePrompt(scope: Scope, name: string): { serverId: string; serverName: string } {
    const catalog = this.gateway.catalog;
    if (scope.serverId) {
      const found = catalog.listsOf(scope.serverId).prompts.some((p) => p.name === name);
      if (found) return { serverId: scope.serverId, serverName: name };
    } else {
      const prompt = catalog.prompt(name);
      if (prompt) return { serverId: prompt.serverId, serverName: prompt.original.name };
    }
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${name}`);
  }

  /** Forwards a non-tool request; failures become JSON-RPC errors that name the server. */
  private async relay(
    serverId: string,
    method: string,
    params: Record<string, unknown>,
    ctx: CallContext,
  ): Promise<Record<string, unknown>> {
    try {
      return await this.gateway.forward(serverId, method, params, {
        signal: ctx.signal,
        onprogress: ctx.progress,
      });
    } catch (error) {
      if (error instanceof ProtocolError) throw error;
      throw new ProtocolError(ProtocolErrorCode.InternalError, describeFailure(serverId, error));
    }
  }
}

/**
 * A failed tools/call as the agent sees it. JSON-RPC errors the server itself answered
 * (invalid arguments, say) are relayed as they are; anything else (a crash, a timeout, a server
 * that is down) becomes a tool result with `isError` that names the server, so the model can
 * read what happened. A call the agent cancelled is rethrown: the SDK sends no answer then.
 */
function upstreamFailure(serverId: string, error: unknown, signal: AbortSignal): CallToolResult {
  if (signal.aborted) throw error;
  if (error instanceof ProtocolError && error.code !== ProtocolErrorCode.InternalError) throw error;
  return { content: [{ type: 'text', text: describeFailure(serverId, error) }], isError: true };
}

function describeFailure(serverId: string, error: unknown): string {
  if (error instanceof GatewayError) return error.message;
  const message = errorMessage(error);
  if (/timed? ?out/i.test(message)) return `server "${serverId}" did not answer in time (${message})`;
  return `server "${serverId}" failed: ${message}`;
}
