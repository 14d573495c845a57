import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import type { Action, AuditEntry, DecidedBy } from '../../../shared/model.js';
import type { Approvals } from '../pipeline/approvals.js';
import type { AuditLog } from '../observe/audit.js';
import type { CallContext } from '../pipeline/call-context.js';
import { auditEntry } from '../pipeline/call-record.js';
import { digestOf } from '../pipeline/canonical.js';
import { errorMessage } from '../errors.js';
import type { Gateway } from '../gateway.js';
import type { Redactor } from '../observe/redact.js';
import type { RelayedMethod, ServerRequestRelay } from '../upstream/client-requests.js';
import { decideRelay, type RelayKind } from './relay-policy.js';
import { describeServerRequest } from './describe.js';

/**
 * The agent behind one request, as a relay target: what it declared it can answer, and how to
 * reach it in its protocol era (a related request on a 2025 session, an `input_required` round
 * for a 2026-07-28 agent).
 */
export interface AgentChannel {
  /** Names the agent call in audit lines: its own line's `callId`, its requests' `causedBy`. */
  readonly callId: string;
  /** Set once a request was relayed, so the call's own audit line carries its `callId`. */
  relayed: boolean;
  /** Who the call belongs to (key and session): calls of one owner are interchangeable. */
  readonly owner: string;
  /** The capabilities the agent declared (`sampling`, `elicitation`, `roots`). */
  capabilities(): Record<string, unknown> | undefined;
  /** Sends the request to the agent; resolves with its result or rejects with its error. */
  request(
    method: RelayedMethod,
    params: Record<string, unknown>,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<Record<string, unknown>>;
  /** Sends a notification to the agent, related to its call where the era allows. */
  notify(method: string, params: Record<string, unknown>): void;
}

/** What the relay needs from the gateway. */
export interface ServerRequestsDeps {
  gateway: Gateway;
  approvals: Approvals;
  audit: AuditLog;
  redactor: Redactor;
  now: () => number;
}

const KIND: Partial<Record<RelayedMethod, RelayKind>> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
};

/** Settles with a policy verdict: who decided, and whether the request may go on. */
interface Verdict {
  action: Action;
  decidedBy: DecidedBy;
  /** Why it may not go on (the JSON-RPC error's message for the server). */
  refusal?: string;
}

/**
 * Relays the requests a server sends during a call (sampling, elicitation, roots) to the agent
 * whose call caused them: the agent must have declared the capability; the role's policy
 * allows, asks a person (the approvals queue, showing what the server wants the model or the
 * user to see) or denies; each relayed request is one audit line that names the call. A refusal
 * or a failure is a JSON-RPC error for the server, which decides what becomes of its call.
 */
export class ServerRequests {
  constructor(private readonly deps: ServerRequestsDeps) {}

  /** The relay for one forwarded call of `ctx`'s agent to `serverId`. */
  forCall(ctx: CallContext, serverId: string, tool: string): ServerRequestRelay {
    const agent = ctx.agent;
    return {
      owner: agent?.owner ?? `${ctx.principal.keyName}:none`,
      request: (method, params, signal) => this.relay(ctx, serverId, tool, method, params, signal),
      notify: (method, params) => agent?.notify(method, params),
    };
  }

  private async relay(
    ctx: CallContext,
    serverId: string,
    tool: string,
    method: RelayedMethod,
    params: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>> {
    const request: Relayed = { ctx, serverId, tool, method, params, started: this.deps.now() };
    if (ctx.agent) ctx.agent.relayed = true;
    const verdict = await this.decide(request, signal);
    if (verdict.refusal || !ctx.agent) {
      const refusal = verdict.refusal ?? `${method} cannot reach the agent`;
      this.record(request, verdict, signal.aborted ? 'cancelled' : 'denied', refusal);
      throw new ProtocolError(ProtocolErrorCode.InvalidRequest, refusal);
    }
    try {
      const timeout = this.deps.gateway.config.settings.approvalTimeoutMs;
      const result = await ctx.agent.request(method, params, signal, timeout);
      this.record(request, verdict, 'ok');
      return result;
    } catch (error) {
      this.record(request, verdict, signal.aborted ? 'cancelled' : 'error', errorMessage(error));
      if (error instanceof ProtocolError) throw error;
      const code = (error as { code?: unknown }).code;
      throw new ProtocolError(
        typeof code === 'number' ? code : ProtocolErrorCode.InternalError,
        `the agent did not answer ${method}: ${errorMessage(error)}`,
      );
    }
  }

  /** Capability, then policy, then (for `ask`) a person. */
  private async decide(request: Relayed, signal: AbortSignal): Promise<Verdict> {
    const { ctx, method, params, serverId } = request;
    if (!ctx.agent) {
      return {
        action: 'deny',
        decidedBy: 'agent',
        refusal: `Switchboard relays ${method} to an agent only during its tools/call, prompts/get or resources/read`,
      };
    }
    const missing = missingCapability(ctx.agent.capabilities(), method, params);
    if (missing) {
      return {
        action: 'deny',
        decidedBy: 'agent',
        refusal: `the agent (key "${ctx.principal.keyName}") did not declare the ${missing} capability, so Switchboard cannot relay ${method} to it`,
      };
    }
    const kind = KIND[method];
    if (!kind) return { action: 'allow', decidedBy: 'default' };
    const decision = decideRelay(this.deps.gateway.config, ctx.principal.role, serverId, kind);
    const decidedBy: DecidedBy = decision.source;
    if (decision.action === 'allow') return { action: 'allow', decidedBy };
    if (decision.action === 'deny') {
      return {
        action: 'deny',
        decidedBy,
        refusal: `${method} denied by Switchboard: ${decision.reason}`,
      };
    }
    return this.askPerson(request, signal);
  }

  /** The approvals queue, labelled `<server>: <method>`, its card showing the request as text. */
  private async askPerson(request: Relayed, signal: AbortSignal): Promise<Verdict> {
    const { ctx, method, params, serverId } = request;
    const outcome = await this.deps.approvals
      .request({
        tool: `${serverId}: ${method}`,
        serverId,
        description: describeServerRequest(method, params),
        role: ctx.principal.role,
        keyName: ctx.principal.keyName,
        arguments: this.deps.redactor.value(params) as Record<string, unknown>,
        argsDigest: digestOf(params),
        signal,
      })
      // Too many calls of this key waiting: refused at once, saying so.
      .catch((error: unknown) => errorMessage(error));
    if (outcome === 'approved') return { action: 'ask', decidedBy: 'person' };
    const why =
      outcome === 'timeout'
        ? 'nobody approved it in time'
        : outcome === 'denied'
          ? 'a person denied it'
          : outcome === 'cancelled'
            ? 'the call was cancelled while it waited for approval'
            : outcome;
    return {
      action: 'ask',
      decidedBy: outcome === 'timeout' ? 'timeout' : 'person',
      refusal: `${method} denied by Switchboard: ${why}`,
    };
  }

  /** One audit line for a relayed request, naming the call that caused it. */
  private record(
    r: Relayed,
    verdict: Verdict,
    outcome: AuditEntry['outcome'],
    error?: string,
  ): void {
    const entry = auditEntry(
      {
        method: r.method,
        tool: r.tool,
        serverId: r.serverId,
        args: r.params,
        ctx: r.ctx,
        started: r.started,
        decision: verdict.action,
        decidedBy: verdict.decidedBy,
        outcome,
        ...(error ? { error } : {}),
        ...(r.ctx.agent ? { causedBy: r.ctx.agent.callId } : {}),
      },
      this.deps.redactor,
      this.deps.now(),
    );
    this.deps.audit.append(entry);
  }
}

/** One server request on its way to the agent. */
interface Relayed {
  ctx: CallContext;
  serverId: string;
  /** The causing call's tool (or method, for resources and prompts). */
  tool: string;
  method: RelayedMethod;
  params: Record<string, unknown>;
  started: number;
}

/** The capability the agent lacks for this request, if any (`elicitation.url` for URL mode). */
function missingCapability(
  caps: Record<string, unknown> | undefined,
  method: RelayedMethod,
  params: Record<string, unknown>,
): string | undefined {
  if (method === 'sampling/createMessage') return caps?.sampling ? undefined : 'sampling';
  if (method === 'roots/list') return caps?.roots ? undefined : 'roots';
  const elicitation = caps?.elicitation as { form?: unknown; url?: unknown } | undefined;
  if (!elicitation) return 'elicitation';
  if (params.mode === 'url') return elicitation.url ? undefined : 'elicitation.url';
  // An empty `elicitation: {}` is the 2025-06 form of "form mode supported".
  const formOnlyImplied = elicitation.form === undefined && elicitation.url === undefined;
  return elicitation.form || formOnlyImplied ? undefined : 'elicitation.form';
}
