import {
  ProtocolError,
  ProtocolErrorCode,
  type CallToolResult,
} from '@modelcontextprotocol/server';
import type { DecidedBy } from '../../../shared/model.js';
import { createAgentMask, type AgentMask } from '../http/agent-mask.js';
import { waitForPerson, type ApprovalOutcome, type Approvals } from './approvals.js';
import type { AuditLog } from '../observe/audit.js';
import type { ResponseCache } from './cache.js';
import type { CatalogTool } from '../catalog/catalog.js';
import type { CallContext, Scope, ToolCall } from './call-context.js';
import {
  approximateSize,
  isCacheable,
  limitSize,
  resultText,
  upstreamFailure,
} from './call-results.js';
import {
  recordCall,
  type AuditRecord,
  type CallMetrics,
  type CallRecorder,
} from './call-record.js';
import { digestOf } from './canonical.js';
import { downToolResult } from './down-tool.js';
import { GatewayError, errorMessage } from '../errors.js';
import { Budgets } from './budgets.js';
import { decideTool, findRole, type Exposure } from './exposure.js';
import { ANSWERED_BY, type Gateway } from '../gateway.js';
import { fsRootsProblem } from './fs-roots-guard.js';
import type { Decision } from './policy.js';
import type { Redactor } from '../observe/redact.js';
import { RoutedRequests } from './routed-requests.js';
import { ServerRequests } from '../relay/server-requests.js';

/** What the pipeline is built from. */
export interface CallsDeps {
  gateway: Gateway;
  exposure: Exposure;
  approvals: Approvals;
  audit: AuditLog;
  redactor: Redactor;
  metrics: CallMetrics;
  /** The response cache for read-only tools; omitted, nothing is cached. */
  cache?: ResponseCache;
  now?: () => number;
}

/**
 * The call pipeline, one function per step, top to bottom:
 * resolve → pause check → policy → approval → forward (timeout, cancellation) → audit.
 */
export class Calls {
  private readonly now: () => number;
  /** Masks secrets in failures before the agent sees them (agent-mask.ts). */
  private readonly mask: AgentMask;
  private readonly serverRequests: ServerRequests;
  /** Each role's calls per minute, against its budgets. */
  private readonly budgets: Budgets;
  /** Where each call's audit line and metrics go (call-record.ts). */
  private readonly recorder: CallRecorder;
  /** resources/read, prompts/get and completion/complete (routed-requests.ts). */
  private readonly routed: RoutedRequests;

  constructor(private readonly deps: CallsDeps) {
    this.now = deps.now ?? Date.now;
    this.mask = createAgentMask(deps.redactor, () => deps.gateway.config);
    this.serverRequests = new ServerRequests({ ...deps, now: this.now });
    this.budgets = new Budgets(this.now);
    const { redactor, audit, metrics } = deps;
    this.recorder = { redactor, audit, metrics, now: this.now };
    this.routed = new RoutedRequests({
      gateway: deps.gateway,
      exposure: deps.exposure,
      mask: this.mask,
      serverRequests: this.serverRequests,
      recorder: this.recorder,
    });
  }

  /** tools/call: the result as the server sent it, or an MCP error result that says why not. */
  async callTool(
    scope: Scope,
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: CallContext,
  ): Promise<CallToolResult> {
    const started = this.now();
    const callArgs = args ?? {};
    const tool = this.findTool(scope, name);
    if (!tool) {
      // Not in the catalog: held back by review (answered with why), or unknown.
      const held = this.heldBack(scope, name, callArgs, ctx, started);
      if (held) return held;
      const down = downToolResult((id) => this.deps.gateway.status(id), scope.serverId, name);
      if (down) return this.mask.result(down.serverId, down.result);
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${name}`);
    }
    // Canonicalised and hashed once: the cache key, the approval and the audit line share it.
    const call: ToolCall = { tool, args: callArgs, argsDigest: digestOf(callArgs), ctx, started };
    if (this.deps.gateway.config.settings.paused) {
      return this.refuse(
        call,
        'paused',
        'Switchboard is paused: agent calls are on hold. Try again later.',
      );
    }
    const decision = decideTool(this.deps.gateway.config, ctx.principal.role, tool, callArgs);
    if (decision.action === 'deny') {
      return this.refuse(call, decision.source, `Denied by Switchboard: ${decision.reason}.`);
    }
    const spent = this.budgets.take(findRole(this.deps.gateway.config, ctx.principal.role), tool);
    if (spent) return this.refuse(call, 'rule', `Refused by Switchboard: ${spent}.`);
    let decidedBy: DecidedBy = decision.source;
    if (decision.action === 'ask') {
      const asked = this.now();
      const outcome = await waitForPerson(this.deps.approvals, this.deps.redactor, call);
      // The person's time is kept apart, so latency figures show only the server's.
      call.waitMs = this.now() - asked;
      if (outcome !== 'approved') return this.unapproved(call, decision, outcome);
      decidedBy = 'person';
    }
    const outside = await fsRootsProblem(this.deps.gateway.config, tool.serverId, callArgs);
    if (outside) return this.refuse(call, 'rule', outside);
    return this.forwardTool(call, decision, decidedBy);
  }

  /** resources/read: routed to the server that owns the URI, if the role may see it. */
  readResource(scope: Scope, uri: string, ctx: CallContext): Promise<Record<string, unknown>> {
    return this.routed.readResource(scope, uri, ctx);
  }

  /** prompts/get: routed to the owning server under the prompt's original name. */
  getPrompt(
    scope: Scope,
    name: string,
    args: Record<string, string> | undefined,
    ctx: CallContext,
  ): Promise<Record<string, unknown>> {
    return this.routed.getPrompt(scope, name, args, ctx);
  }

  /** completion/complete for a prompt argument or a resource template. */
  complete(
    scope: Scope,
    params: { ref: { type: string; name?: string; uri?: string } } & Record<string, unknown>,
    ctx: CallContext,
  ): Promise<Record<string, unknown>> {
    return this.routed.complete(scope, params, ctx);
  }

  /** A tool the catalog lacks because review holds it back: answered with why, audited as denied. */
  private heldBack(
    scope: Scope,
    name: string,
    args: Record<string, unknown>,
    ctx: CallContext,
    started: number,
  ): CallToolResult | undefined {
    const review = this.deps.gateway.review;
    if (!review) return undefined;
    const why = review.heldReason(name, scope.serverId);
    if (!why) return undefined;
    const text = `Not available: ${why}.`;
    const serverId = scope.serverId ?? name.split('__')[0] ?? '';
    recordCall(this.recorder, {
      method: 'tools/call',
      tool: name,
      serverId,
      args,
      ctx,
      started,
      decision: 'deny',
      decidedBy: 'review',
      outcome: 'denied',
      error: text,
    });
    return { content: [{ type: 'text', text }], isError: true };
  }

  /** The catalog entry behind a name (the server's own name on `/mcp/<server>`): map reads. */
  private findTool(scope: Scope, name: string): CatalogTool | undefined {
    const catalog = this.deps.gateway.catalog;
    return scope.serverId ? catalog.toolOf(scope.serverId, name) : catalog.tool(name);
  }

  private unapproved(call: ToolCall, decision: Decision, outcome: ApprovalOutcome): CallToolResult {
    if (outcome === 'cancelled') {
      recordCall(this.recorder, this.record(call, decision.action, 'person', 'cancelled'));
      throw new GatewayError(
        'cancelled',
        'the agent cancelled the call while it waited for approval',
      );
    }
    const why =
      outcome === 'timeout'
        ? 'nobody approved it in time, so it was denied'
        : 'a person denied it (or too many calls of this key were waiting)';
    return this.refuse(
      call,
      outcome === 'timeout' ? 'timeout' : 'person',
      `Denied by Switchboard: ${why}.`,
    );
  }

  /** Forwards a permitted call: from the cache for read-only tools, else to the server. */
  private async forwardTool(
    call: ToolCall,
    decision: Decision,
    decidedBy: DecidedBy,
  ): Promise<CallToolResult> {
    const { tool, ctx } = call;
    const metrics = this.deps.metrics;
    metrics.inFlight(tool.serverId, 1);
    const sent = this.now();
    try {
      const { value: result, hit } = await this.load(call, decision);
      const answeredBy = answeredByOf(result);
      const masked = this.mask.result(answeredBy ?? tool.serverId, result);
      const r = this.record(call, decision.action, decidedBy, result.isError ? 'error' : 'ok');
      r.cacheHit = hit;
      r.serverMs = this.now() - sent;
      r.result = resultText(masked);
      if (answeredBy) r.answeredBy = answeredBy;
      recordCall(this.recorder, r);
      return masked;
    } catch (error) {
      const cancelled = ctx.signal.aborted;
      const r = this.record(call, decision.action, decidedBy, cancelled ? 'cancelled' : 'error');
      r.error = errorMessage(error);
      r.serverMs = this.now() - sent;
      recordCall(this.recorder, r);
      return upstreamFailure(tool.serverId, this.mask.error(tool.serverId, error), ctx.signal);
    } finally {
      metrics.inFlight(tool.serverId, -1);
    }
  }

  /**
   * The server's answer. Read-only tools (by annotation, or a rule marked `cacheable`) go
   * through the response cache, keyed by role + tool + canonical arguments, with identical
   * concurrent calls coalesced; any other call is a write, which invalidates the server's
   * cached entries before and after it runs.
   */
  private async load(
    call: ToolCall,
    decision: Decision,
  ): Promise<{ value: CallToolResult; hit: boolean }> {
    const { tool, args, ctx } = call;
    // Measured once: the size limit and the cache entry's size are the same figure, and a
    // result over the limit is refused before it can be cached.
    let size = 0;
    const params: Record<string, unknown> = { name: tool.original.name, arguments: args };
    if (ctx.task) params.task = ctx.task;
    const send = async () => {
      const result = (await this.deps.gateway.forward(tool.serverId, 'tools/call', params, {
        signal: ctx.signal,
        onprogress: ctx.progress,
        relay: this.serverRequests.forCall(ctx, tool.serverId, tool.name),
        onStartWait: (ms) => (call.startMs = ms),
      })) as CallToolResult;
      size = approximateSize(result);
      return limitSize(
        tool.serverId,
        result,
        size,
        this.deps.gateway.config.settings.maxResultBytes,
      );
    };
    const cache = this.deps.cache;
    if (!cache) return { value: await send(), hit: false };
    // A task's answer is its handle, not its result: never cached.
    if (!isCacheable(tool, decision) || ctx.task) {
      cache.invalidateServer(tool.serverId);
      try {
        return { value: await send(), hit: false };
      } finally {
        cache.invalidateServer(tool.serverId);
      }
    }
    const key = {
      role: ctx.principal.role,
      serverId: tool.serverId,
      tool: tool.name,
      argsDigest: call.argsDigest,
    };
    const { value, hit } = await cache.getOrLoad(
      key,
      send,
      // A fallback server's answer is not kept under this server: it would outlive a recovery.
      (r) => !r.isError && answeredByOf(r) === undefined,
      () => size + 256,
    );
    return { value, hit };
  }

  private refuse(call: ToolCall, decidedBy: DecidedBy, text: string): CallToolResult {
    const r = this.record(call, 'deny', decidedBy, 'denied');
    r.error = text;
    recordCall(this.recorder, r);
    return { content: [{ type: 'text', text }], isError: true };
  }

  /**
   * A call's audit record, for its caller to complete. Assigned field by field rather than
   * spread from a shared base: every call builds one, and spreads cost it two objects more.
   */
  private record(
    call: ToolCall,
    decision: AuditRecord['decision'],
    decidedBy: DecidedBy,
    outcome: AuditRecord['outcome'],
  ): AuditRecord {
    const r: AuditRecord = {
      method: 'tools/call',
      tool: call.tool.name,
      serverId: call.tool.serverId,
      args: call.args,
      argsDigest: call.argsDigest,
      ctx: call.ctx,
      started: call.started,
      decision,
      decidedBy,
      outcome,
    };
    if (call.waitMs !== undefined) r.waitMs = call.waitMs;
    if (call.startMs !== undefined) r.startMs = call.startMs;
    return r;
  }

  /**
   * A task's outcome fetched by `tasks/result` (tasks-relay.ts), treated as a call's: the size
   * limit, its audit line, then the masking of failures. Returns what the agent gets.
   */
  settleTask(r: Omit<AuditRecord, 'outcome'>, outcome: CallToolResult | Error): unknown {
    if (outcome instanceof Error) {
      recordCall(this.recorder, { ...r, outcome: 'error', error: errorMessage(outcome) });
      return this.mask.error(r.serverId, outcome);
    }
    const limit = this.deps.gateway.config.settings.maxResultBytes;
    const result = limitSize(r.serverId, outcome, approximateSize(outcome), limit);
    recordCall(this.recorder, { ...r, outcome: result.isError ? 'error' : 'ok' });
    return this.mask.result(r.serverId, result);
  }
}

/** The server that answered instead of the tool's own (a fallback), if one did. */
function answeredByOf(result: CallToolResult): string | undefined {
  const by = (result._meta as Record<string, unknown> | undefined)?.[ANSWERED_BY];
  return typeof by === 'string' ? by : undefined;
}
