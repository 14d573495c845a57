import { randomUUID } from 'node:crypto';
import {
  ProtocolError,
  ProtocolErrorCode,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { CallContext, Principal } from '../pipeline/call-context.js';
import type { RelayedMethod } from '../upstream/client-requests.js';
import type { AgentChannel } from './server-requests.js';

/** The first revision whose servers ask for input with `input_required` results. */
const MODERN_REVISION = '2026-07-28';
/** The methods whose results may be `input_required` (multi-round-trip). */
const ROUND_METHODS = new Set(['tools/call', 'prompts/get', 'resources/read']);

/** Whether the request is served on the 2026-07-28 era (no server-to-client requests). */
export function isModernRequest(server: Server): boolean {
  return (server.getNegotiatedProtocolVersion() ?? '') >= MODERN_REVISION;
}

interface Asked {
  method: RelayedMethod;
  params: Record<string, unknown>;
  resolve(result: Record<string, unknown>): void;
  reject(error: unknown): void;
}

/** Calls waiting for an agent's next round, by the `requestState` the agent echoes. */
const suspended = new Map<string, SuspendedCall>();

/**
 * One call of a 2026-07-28 agent that servers asked for input during. The call runs on in the
 * background; each request a server relays ends the agent's current request with an
 * `input_required` result (its requests, and this call's token as `requestState`), and the
 * agent's retry, carrying the answers, resumes the same call instead of starting a new one —
 * one decision, one approval, one audit line for the call however many rounds it takes. A
 * retry is accepted only from the key that started the call; an agent that does not come back
 * within `waitMs` leaves the server with an error and the call cancelled.
 */
class SuspendedCall {
  readonly token = randomUUID();
  readonly agent: AgentChannel;
  private readonly controller = new AbortController();
  private readonly queued = new Map<string, Asked>();
  private readonly sent = new Map<string, Asked>();
  private counter = 0;
  private settled: { value: unknown } | { error: unknown } | undefined;
  private wake: (() => void) | undefined;
  private expiry: NodeJS.Timeout | undefined;
  private current: { server: Server; ctx: ServerContext } | undefined;
  private progressChain: Promise<void> = Promise.resolve();

  constructor(
    readonly keyName: string,
    private readonly waitMs: number,
  ) {
    this.agent = {
      callId: randomUUID(),
      relayed: false,
      owner: `${keyName}:${this.token}`,
      capabilities: () =>
        this.current?.server.getClientCapabilities() as Record<string, unknown> | undefined,
      request: (method, params, signal) => this.ask(method, params, signal),
      // The era has no server-to-client notifications outside a request's own answer.
      notify: () => undefined,
    };
  }

  /**
   * Starts the call with a context whose signal and progress outlive each agent request;
   * progress only when the agent asked for it, as for any call.
   */
  start<T>(principal: Principal, fn: (c: CallContext) => Promise<T>, progress: boolean): void {
    const context: CallContext = {
      principal,
      signal: this.controller.signal,
      agent: this.agent,
      ...(progress ? { progress: (p) => this.progress(p) } : {}),
    };
    fn(context).then(
      (value) => this.finish({ value }),
      (error: unknown) => this.finish({ error }),
    );
  }

  /** Hands the agent's answers to the server requests of the last round. */
  resume(responses: Record<string, unknown>): void {
    clearTimeout(this.expiry);
    for (const [key, asked] of this.sent) {
      const response = responses[key];
      if (response && typeof response === 'object') {
        asked.resolve(response as Record<string, unknown>);
      } else {
        asked.reject(
          new ProtocolError(
            ProtocolErrorCode.InvalidRequest,
            `the agent sent no answer to ${asked.method}`,
          ),
        );
      }
    }
    this.sent.clear();
  }

  /** Serves one agent request: the call's result, or the next round of server requests. */
  async next(server: Server, ctx: ServerContext): Promise<unknown> {
    this.current = { server, ctx };
    const onAbort = () => this.controller.abort(ctx.mcpReq.signal.reason);
    ctx.mcpReq.signal.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        if (this.settled) {
          suspended.delete(this.token);
          await this.progressChain;
          if ('error' in this.settled) throw this.settled.error;
          return this.settled.value;
        }
        if (this.queued.size > 0) {
          // Requests sent together by the server leave in one round.
          await new Promise((resolve) => setImmediate(resolve));
          if (!this.settled) return this.round();
          continue;
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      ctx.mcpReq.signal.removeEventListener('abort', onAbort);
      this.current = undefined;
    }
  }

  private round(): unknown {
    const inputRequests: Record<string, unknown> = {};
    for (const [key, asked] of this.queued) {
      inputRequests[key] = { method: asked.method, params: asked.params };
      this.sent.set(key, asked);
    }
    this.queued.clear();
    suspended.set(this.token, this);
    this.expiry = setTimeout(() => this.expire(), this.waitMs);
    this.expiry.unref();
    return { resultType: 'input_required', inputRequests, requestState: this.token };
  }

  private ask(
    method: RelayedMethod,
    params: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const key = `sb${++this.counter}`;
      const drop = () => {
        this.queued.delete(key);
        this.sent.delete(key);
      };
      signal.addEventListener('abort', () => (drop(), reject(signal.reason)), { once: true });
      this.queued.set(key, {
        method,
        params,
        resolve: (r) => (drop(), resolve(r)),
        reject: (e) => (drop(), reject(e)),
      });
      this.wake?.();
    });
  }

  /** The call ended; a suspended one stays until the agent's retry collects it, or expiry. */
  private finish(settled: { value: unknown } | { error: unknown }): void {
    this.settled = settled;
    this.wake?.();
  }

  private expire(): void {
    suspended.delete(this.token);
    if (this.settled) return;
    const why = `the agent did not come back with its answers within ${this.waitMs} ms`;
    for (const asked of [...this.sent.values()]) {
      asked.reject(new ProtocolError(ProtocolErrorCode.InternalError, why));
    }
    this.controller.abort(new Error(why));
  }

  private progress(p: { progress: number; total?: number; message?: string }): void {
    const ctx = this.current?.ctx;
    const token = ctx?.mcpReq._meta?.progressToken;
    if (!ctx || token === undefined) return;
    const { progress, total, message } = p;
    const params = { progressToken: token, progress, total, message };
    this.progressChain = this.progressChain
      .then(() => ctx.mcpReq.notify({ method: 'notifications/progress', params }))
      .catch(() => undefined);
  }
}

/**
 * Runs one request of a 2026-07-28 agent that may cause server requests: a retry carrying a
 * known `requestState` resumes its call; any other request starts one. Requests that cannot
 * answer `input_required` (completions) run with an agent that servers cannot ask.
 */
export async function runModern<T>(
  server: Server,
  ctx: ServerContext,
  principal: Principal,
  waitMs: number,
  fn: (c: CallContext) => Promise<T>,
): Promise<T> {
  if (!ROUND_METHODS.has(ctx.mcpReq.method)) {
    return fn({ principal, signal: ctx.mcpReq.signal });
  }
  const state = ctx.mcpReq.requestState();
  let call: SuspendedCall | undefined;
  if (typeof state === 'string') {
    call = suspended.get(state);
    if (!call || call.keyName !== principal.keyName) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'Unknown or expired requestState');
    }
    call.resume(ctx.mcpReq.inputResponses ?? {});
  } else {
    call = new SuspendedCall(principal.keyName, waitMs);
    call.start(principal, fn, ctx.mcpReq._meta?.progressToken !== undefined);
  }
  return (await call.next(server, ctx)) as T;
}
