import { randomUUID } from 'node:crypto';
import type { ApprovalView } from '../../../shared/model.js';
import type { CallSignal } from '../call-signal.js';
import { GatewayError } from '../errors.js';
import type { Redactor } from '../observe/redact.js';
import type { ToolCall } from './call-context.js';

/** How a waiting call ended. */
export type ApprovalOutcome = 'approved' | 'denied' | 'timeout' | 'cancelled';

/** What a call that needs approval tells the queue. */
export type ApprovalRequest = Omit<ApprovalView, 'id' | 'createdAt' | 'expiresAt'> & {
  /** Aborted when the agent cancels or disconnects: the call leaves the queue. */
  signal: CallSignal;
};

/** What the queue reports to its observers (the control service turns these into events). */
export interface ApprovalEvents {
  onRequested(approval: ApprovalView): void;
  onSettled(id: string, outcome: ApprovalOutcome): void;
}

/** Knobs, read on every request so config changes apply at once. */
export interface ApprovalLimits {
  timeoutMs(): number;
  maxPendingPerKey(): number;
}

interface Pending {
  view: ApprovalView;
  settle(outcome: ApprovalOutcome): void;
}

/**
 * The queue of calls waiting for a person. Each waits until a decision, its timeout (→ denied),
 * or the agent's cancellation (→ removed). Settling is exactly-once: the first of two racing
 * decisions wins and the other is told it came too late.
 */
export class Approvals {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly limits: ApprovalLimits,
    private readonly events: ApprovalEvents,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits for a decision on one call; rejects at once when the key has too many waiting. */
  request(request: ApprovalRequest): Promise<ApprovalOutcome> {
    const { signal, ...fields } = request;
    const waiting = [...this.pending.values()].filter((p) => p.view.keyName === request.keyName);
    if (waiting.length >= this.limits.maxPendingPerKey()) {
      return Promise.reject(
        new GatewayError(
          'denied',
          `key "${request.keyName}" already has ${waiting.length} calls waiting for approval; wait for a decision`,
        ),
      );
    }
    if (signal.aborted) return Promise.resolve('cancelled');
    const createdAt = this.now();
    const view: ApprovalView = {
      ...fields,
      id: randomUUID(),
      createdAt,
      expiresAt: createdAt + this.limits.timeoutMs(),
    };
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle('timeout'), view.expiresAt - createdAt);
      const onAbort = () => settle('cancelled');
      const settle = (outcome: ApprovalOutcome) => {
        if (!this.pending.delete(view.id)) return;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.events.onSettled(view.id, outcome);
        resolve(outcome);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(view.id, { view, settle });
      this.events.onRequested(view);
    });
  }

  /** Decides a waiting call; false when it was already settled (decided, timed out, cancelled). */
  decide(id: string, decision: 'approve' | 'deny'): boolean {
    const entry = this.pending.get(id);
    if (!entry) return false;
    entry.settle(decision === 'approve' ? 'approved' : 'denied');
    return true;
  }

  /** The view of one waiting call. */
  get(id: string): ApprovalView | undefined {
    return this.pending.get(id)?.view;
  }

  /** Every waiting call, newest first. */
  list(): ApprovalView[] {
    return [...this.pending.values()].map((p) => p.view).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Denies everything still waiting (the gateway is stopping). */
  clear(): void {
    for (const entry of [...this.pending.values()]) entry.settle('denied');
  }
}

/** While a call waits for a person, progress goes to the agent this often (if it asked). */
const KEEPALIVE_MS = 10_000;

/**
 * The approval step of a tools/call: asks the queue, with the arguments redacted, and keeps the
 * agent's request alive with progress meanwhile (when it asked for progress). The queue refusing
 * the call (too many of this key's calls waiting) counts as a denial.
 */
export async function waitForPerson(
  approvals: Approvals,
  redactor: Redactor,
  call: ToolCall,
): Promise<ApprovalOutcome> {
  const { tool, args, ctx } = call;
  let tick = 0;
  const keepAlive = ctx.progress
    ? setInterval(
        () => ctx.progress?.({ progress: ++tick, message: 'waiting for approval' }),
        KEEPALIVE_MS,
      )
    : undefined;
  try {
    return await approvals.request({
      tool: tool.name,
      serverId: tool.serverId,
      description: tool.original.description ?? '',
      role: ctx.principal.role,
      keyName: ctx.principal.keyName,
      arguments: redactor.value(args) as Record<string, unknown>,
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
