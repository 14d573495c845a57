import {
  ProtocolError,
  ProtocolErrorCode,
  type CallToolResult,
} from '@modelcontextprotocol/server';
import type { AuditEntry, DecidedBy } from '../../../shared/model.js';
import { createAgentMask, type AgentMask } from '../http/agent-mask.js';
import type { ApprovalOutcome, Approvals } from './approvals.js';
import type { AuditLog } from '../observe/audit.js';
import type { ResponseCache } from './cache.js';
import type { CatalogTool } from '../catalog/catalog.js';
import {
  approximateSize,
  describeFailure,
  isCacheable,
  resultText,
  upstreamFailure,
} from './call-results.js';
import { auditEntry, type AuditRecord } from './call-record.js';
import { digestOf } from './canonical.js';
import { downToolResult } from './down-tool.js';
import { GatewayError, errorMessage } from '../errors.js';
import { Budgets } from './budgets.js';
import { decideTool, findRole, type Exposure } from './exposure.js';
import { ANSWERED_BY, type Gateway } from '../gateway.js';
import { fsRootsProblem } from './fs-roots-guard.js';
import type { Decision } from './policy.js';
import type { Redactor } from '../observe/redact.js';
import type { ForwardOptions } from '../upstream/connection.js';
import { ServerRequests, type AgentChannel } from '../relay/server-requests.js';

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
  /** The agent's side for requests a server sends during this call (sampling, elicitation, roots). */
  readonly agent?: AgentChannel;
  /** A 2025-11-25 task augmentation (`{ ttl? }`) forwarded with the call (tasks-relay.ts). */
  readonly task?: Record<string, unknown>;
}

/** Which names a request uses: the namespaced ones (`/mcp`) or one server's own (`/mcp/<id>`). */
export type Scope = { readonly serverId?: string };

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

/** What the pipeline reports to the metrics core. */
export interface CallMetrics {
  observeCall(
    serverId: string,
    durationMs: number,
    outcome: AuditEntry['outcome'],
    cacheHit: boolean,
  ): void;
  inFlight(serverId: string, delta: 1 | -1): void;
  /** One approval wait that ended (approved, denied, timed out or cancelled). */
  observeWait?(waitMs: number): void;
  /** How long a call waited for its server to start (absent in metrics that do not keep it). */
  observeColdStart?(serverId: string, ms: number): void;
}

/** While a call waits for a person, progress goes to the agent this often (if it asked). */
const KEEPALIVE_MS = 10_000;

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

  constructor(private readonly deps: CallsDeps) {
    this.now = deps.now ?? Date.now;
    this.mask = createAgentMask(deps.redactor, () => deps.gateway.config);
    this.serverRequests = new ServerRequests({ ...deps, now: this.now });
    this.budgets = new Budgets(this.now);
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
      const outcome = await this.waitForPerson(call);
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
  async readResource(
    scope: Scope,
    uri: string,
    ctx: CallContext,
  ): Promise<Record<string, unknown>> {
    const serverId = scope.serverId ?? this.deps.gateway.catalog.resourceOwner(uri);
    if (!serverId || !this.deps.exposure.serverVisible(ctx.principal.role, serverId)) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown resource: ${uri}`);
    }
    const started = this.now();
    const audit = (outcome: AuditEntry['outcome'], error?: unknown) =>
      this.record({
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
    this.record({
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

  private async waitForPerson(call: ToolCall): Promise<ApprovalOutcome> {
    const { tool, args, ctx } = call;
    let tick = 0;
    const keepAlive = ctx.progress
      ? setInterval(
          () => ctx.progress?.({ progress: ++tick, message: 'waiting for approval' }),
          KEEPALIVE_MS,
        )
      : undefined;
    try {
      return await this.deps.approvals.request({
        tool: tool.name,
        serverId: tool.serverId,
        description: tool.original.description ?? '',
        role: ctx.principal.role,
        keyName: ctx.principal.keyName,
        arguments: this.deps.redactor.value(args) as Record<string, unknown>,
        argsDigest: call.argsDigest,
        signal: ctx.signal,
      });
    } catch (error) {
      if (error instanceof GatewayError) return 'denied';
      throw error;
    } finally {
      clearInterval(keepAlive);
    }
  }

  private unapproved(call: ToolCall, decision: Decision, outcome: ApprovalOutcome): CallToolResult {
    if (outcome === 'cancelled') {
      this.record({
        ...this.base(call),
        decision: decision.action,
        decidedBy: 'person',
        outcome: 'cancelled',
      });
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
      this.record({
        ...this.base(call),
        decision: decision.action,
        decidedBy,
        outcome: result.isError ? 'error' : 'ok',
        cacheHit: hit,
        serverMs: this.now() - sent,
        result: resultText(masked),
        ...(answeredBy ? { answeredBy } : {}),
      });
      return masked;
    } catch (error) {
      const cancelled = ctx.signal.aborted;
      this.record({
        ...this.base(call),
        decision: decision.action,
        decidedBy,
        outcome: cancelled ? 'cancelled' : 'error',
        error: errorMessage(error),
        serverMs: this.now() - sent,
      });
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
    const send = async () => {
      const result = (await this.deps.gateway.forward(
        tool.serverId,
        'tools/call',
        { name: tool.original.name, arguments: args, ...(ctx.task ? { task: ctx.task } : {}) },
        {
          signal: ctx.signal,
          onprogress: ctx.progress,
          relay: this.serverRequests.forCall(ctx, tool.serverId, tool.name),
          onStartWait: (ms) => (call.startMs = ms),
        },
      )) as CallToolResult;
      size = approximateSize(result);
      return this.limitSize(tool.serverId, result, size);
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

  /** Refuses a result over the configured size, clearly, instead of passing it on. */
  private limitSize(serverId: string, result: CallToolResult, size: number): CallToolResult {
    const limit = this.deps.gateway.config.settings.maxResultBytes;
    if (size <= limit) return result;
    return {
      content: [
        {
          type: 'text',
          text: `The result of server "${serverId}" is about ${size} bytes, over Switchboard's limit of ${limit} bytes. Ask for less (a smaller range, page or file).`,
        },
      ],
      isError: true,
    };
  }

  private refuse(call: ToolCall, decidedBy: DecidedBy, text: string): CallToolResult {
    this.record({
      ...this.base(call),
      decision: 'deny',
      decidedBy,
      outcome: 'denied',
      error: text,
    });
    return { content: [{ type: 'text', text }], isError: true };
  }

  private base(call: ToolCall) {
    return {
      method: 'tools/call',
      tool: call.tool.name,
      serverId: call.tool.serverId,
      args: call.args,
      argsDigest: call.argsDigest,
      ctx: call.ctx,
      started: call.started,
      ...(call.waitMs === undefined ? {} : { waitMs: call.waitMs }),
      ...(call.startMs === undefined ? {} : { startMs: call.startMs }),
    };
  }

  /**
   * A task's outcome fetched by `tasks/result` (tasks-relay.ts), treated as a call's: the size
   * limit, its audit line, then the masking of failures. Returns what the agent gets.
   */
  settleTask(r: Omit<AuditRecord, 'outcome'>, outcome: CallToolResult | Error): unknown {
    if (outcome instanceof Error) {
      this.record({ ...r, outcome: 'error', error: errorMessage(outcome) });
      return this.mask.error(r.serverId, outcome);
    }
    const result = this.limitSize(r.serverId, outcome, approximateSize(outcome));
    this.record({ ...r, outcome: result.isError ? 'error' : 'ok' });
    return this.mask.result(r.serverId, result);
  }

  /** Appends one audit line (on disk before the agent sees the answer) and observes metrics. */
  private record(r: AuditRecord): void {
    const { redactor, audit, metrics } = this.deps;
    const entry = auditEntry(r, redactor, this.now());
    audit.append(entry);
    const serverMs = entry.serverMs ?? entry.durationMs - (entry.waitMs ?? 0);
    metrics.observeCall(entry.serverId, serverMs, entry.outcome, entry.cacheHit);
    if (entry.waitMs !== undefined) metrics.observeWait?.(entry.waitMs);
    if (entry.startMs !== undefined) metrics.observeColdStart?.(entry.serverId, entry.startMs);
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
        relay: this.serverRequests.forCall(ctx, serverId, method),
      });
    } catch (raw) {
      const error = this.mask.error(serverId, raw);
      if (error instanceof ProtocolError) throw error;
      throw new ProtocolError(ProtocolErrorCode.InternalError, describeFailure(serverId, error));
    }
  }
}

/** The server that answered instead of the tool's own (a fallback), if one did. */
function answeredByOf(result: CallToolResult): string | undefined {
  const by = (result._meta as Record<string, unknown> | undefined)?.[ANSWERED_BY];
  return typeof by === 'string' ? by : undefined;
}

interface ToolCall {
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
