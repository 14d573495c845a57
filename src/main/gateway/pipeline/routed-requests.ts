import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import type { AuditEntry } from '../../../shared/model.js';
import type { AgentMask } from '../http/agent-mask.js';
import { errorMessage } from '../errors.js';
import type { Gateway } from '../gateway.js';
import type { ServerRequests } from '../relay/server-requests.js';
import type { CallContext, Scope } from './call-context.js';
import { recordCall, type CallRecorder } from './call-record.js';
import { describeFailure } from './call-results.js';
import type { Exposure } from './exposure.js';

/**
 * The requests beside tool calls — resources/read, prompts/get, completion/complete — routed to
 * the server that owns the URI or the prompt, when the role may see that server. They take no
 * rule, approval or cache: a server hidden from the role is unknown to it, and a failure is a
 * JSON-RPC error that names the server. `Calls` (calls.ts) answers them through this.
 */

/** What the routing needs; `Calls` makes it once and shares its mask, relays and recorder. */
export interface RoutedDeps {
  gateway: Gateway;
  exposure: Exposure;
  mask: AgentMask;
  serverRequests: ServerRequests;
  recorder: CallRecorder;
}

/** Routes the non-tool requests of agents to their owning servers. */
export class RoutedRequests {
  constructor(private readonly deps: RoutedDeps) {}

  /** resources/read: routed to the server that owns the URI, if the role may see it. */
  async readResource(
    scope: Scope,
    uri: string,
    ctx: CallContext,
  ): Promise<Record<string, unknown>> {
    const serverId = scope.serverId ?? this.deps.gateway.catalog.resourceOwner(uri);
    if (!serverId || !this.deps.exposure.serverVisible(ctx.principal.role, serverId)) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown resource: ${uri}`);
    }
    const recorder = this.deps.recorder;
    const started = recorder.now();
    const audit = (outcome: AuditEntry['outcome'], error?: unknown) =>
      recordCall(recorder, {
        method: 'resources/read',
        tool: uri,
        serverId,
        args: { uri },
        ctx,
        started,
        decision: 'allow',
        decidedBy: 'annotations',
        outcome,
        ...(error === undefined ? {} : { error: errorMessage(error) }),
      });
    try {
      const result = await this.relay(serverId, 'resources/read', { uri }, ctx);
      audit('ok');
      return result;
    } catch (error) {
      audit(ctx.signal.aborted ? 'cancelled' : 'error', error);
      throw error;
    }
  }

  /** prompts/get: routed to the owning server under the prompt's original name. */
  async getPrompt(
    scope: Scope,
    name: string,
    args: Record<string, string> | undefined,
    ctx: CallContext,
  ): Promise<Record<string, unknown>> {
    const prompt = this.resolvePrompt(scope, name, ctx.principal.role);
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
      const prompt = this.resolvePrompt(scope, ref.name, ctx.principal.role);
      const forwarded = { ...params, ref: { ...ref, name: prompt.serverName } };
      return this.relay(prompt.serverId, 'completion/complete', forwarded, ctx);
    }
    const catalog = this.deps.gateway.catalog;
    const serverId = scope.serverId ?? (ref.uri ? catalog.resourceOwner(ref.uri) : undefined);
    if (!serverId || !this.deps.exposure.serverVisible(ctx.principal.role, serverId)) {
      return { completion: { values: [] } };
    }
    return this.relay(serverId, 'completion/complete', params, ctx);
  }

  private resolvePrompt(
    scope: Scope,
    name: string,
    role: string,
  ): { serverId: string; serverName: string } {
    const catalog = this.deps.gateway.catalog;
    let found: { serverId: string; serverName: string } | undefined;
    if (scope.serverId) {
      if (catalog.listsOf(scope.serverId).prompts.some((p) => p.name === name)) {
        found = { serverId: scope.serverId, serverName: name };
      }
    } else {
      const prompt = catalog.prompt(name);
      if (prompt) found = { serverId: prompt.serverId, serverName: prompt.original.name };
    }
    if (!found || !this.deps.exposure.serverVisible(role, found.serverId)) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${name}`);
    }
    return found;
  }

  /** Forwards a non-tool request; failures become JSON-RPC errors that name the server. */
  private async relay(
    serverId: string,
    method: string,
    params: Record<string, unknown>,
    ctx: CallContext,
  ): Promise<Record<string, unknown>> {
    try {
      return await this.deps.gateway.forward(serverId, method, params, {
        signal: ctx.signal,
        onprogress: ctx.progress,
        relay: this.deps.serverRequests.forCall(ctx, serverId, method),
      });
    } catch (raw) {
      const error = this.deps.mask.error(serverId, raw);
      if (error instanceof ProtocolError) throw error;
      throw new ProtocolError(ProtocolErrorCode.InternalError, describeFailure(serverId, error));
    }
  }
}
