import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ProtocolError, SdkError, SdkErrorCode, type Server } from '@modelcontextprotocol/server';
import type { AgentServerDeps, PrincipalRef } from './agent-server.js';
import type { CallContext, Scope } from '../pipeline/call-context.js';
import { ResponseCancel } from './disconnect.js';
import { lean } from '../lean.js';
import { isObject, plainRequest, runLaneRequest } from './lane-request.js';
import type { AgentChannel } from '../relay/server-requests.js';

/** A 2025-era session as the lane sees it. */
export interface LaneSession {
  readonly id: string;
  /** The session's SDK server: what the agent declared, and its standalone stream. */
  readonly server: Server;
  readonly principal: PrincipalRef;
  readonly scope: Scope;
  /** Lane requests in flight, by JSON-RPC id, for the agent's `notifications/cancelled`. */
  readonly inFlight: Map<string | number, ResponseCancel>;
  /** Requests relayed to the agent during lane calls, by id, waiting for its answer. */
  readonly asked: Map<string, Asked>;
}

/** A relayed request waiting for the agent's answer. */
export interface Asked {
  resolve(result: Record<string, unknown>): void;
  reject(error: unknown): void;
}

type Id = string | number;

/** A request the lane takes, already checked. */
interface LaneRequest {
  id: Id;
  method: 'tools/call' | 'resources/read';
  params: { name?: string; arguments?: Record<string, unknown>; uri?: string };
  progressToken?: Id;
}

/** Ids of requests the lane relays to the agent: strings, apart from the SDK server's numbers. */
const ASK_PREFIX = 'sb-ask-';
let asks = 0;

/**
 * The lean lane: an agent's `tools/call` and `resources/read` on an established 2025-era
 * session, answered without the SDK server's per-request machinery. The body was parsed once by
 * the endpoint; the call runs through the same pipeline as the SDK path (admission, policy,
 * cache, audit, metrics in calls.ts) and its answer is written as one JSON response, or as an
 * SSE stream when the agent asked for progress. Everything else (handshakes, notifications,
 * lists, a call whose shape the SDK must check) stays with the SDK, so what an agent sees is the
 * same either way (test/lean-lane.test.ts pins it). A server's request during a lane call
 * (sampling, elicitation, roots) goes to the agent on the call's own stream, which turns into
 * SSE for it, as the SDK path sends it; the agent's answer comes back as a POST (`answered`).
 */
export class LeanLane {
  constructor(private readonly deps: AgentServerDeps) {}

  /** The request, if the lane answers it. */
  takes(body: unknown): LaneRequest | undefined {
    const plain = lean.enabled ? plainRequest(body) : undefined;
    if (!plain) return undefined;
    const { id, method, params } = plain;
    if (method === 'tools/call') {
      if (typeof params.name !== 'string') return undefined;
      if (params.arguments !== undefined && !isObject(params.arguments)) return undefined;
    } else if (typeof params.uri !== 'string') return undefined;
    const meta = params._meta;
    let progressToken: Id | undefined;
    if (meta !== undefined) {
      if (!isObject(meta)) return undefined;
      for (const key of Object.keys(meta)) if (key !== 'progressToken') return undefined;
      const token = meta.progressToken;
      if (token !== undefined && typeof token !== 'string' && typeof token !== 'number') {
        return undefined;
      }
      progressToken = token;
    }
    return {
      id,
      method,
      params: params as LaneRequest['params'],
      ...(progressToken === undefined ? {} : { progressToken }),
    };
  }

  /** The agent's answer to a request the lane relayed to it: true when it was one. */
  answered(body: unknown, session: LaneSession): boolean {
    if (!isObject(body) || body.method !== undefined || typeof body.id !== 'string') return false;
    const asked = session.asked.get(body.id);
    if (!asked) return false;
    session.asked.delete(body.id);
    const error = body.error as { code?: unknown; message?: unknown; data?: unknown } | undefined;
    if (isObject(error)) {
      const code = typeof error.code === 'number' ? error.code : -32603;
      asked.reject(ProtocolError.fromError(code, String(error.message ?? ''), error.data));
    } else {
      asked.resolve(isObject(body.result) ? body.result : {});
    }
    return true;
  }

  /** The agent cancelled a request: a lane one in this session stops (the SDK hears it too). */
  cancel(body: unknown, session: LaneSession): void {
    if (!isObject(body) || body.method !== 'notifications/cancelled') return;
    const params = body.params;
    const id = isObject(params) ? params.requestId : undefined;
    if (typeof id !== 'string' && typeof id !== 'number') return;
    const cancel = session.inFlight.get(id);
    if (!cancel) return;
    session.inFlight.delete(id);
    cancel.abort(isObject(params) && params.reason !== undefined ? params.reason : 'cancelled');
  }

  /** Runs the request through the pipeline and writes its answer. */
  async answer(res: ServerResponse, request: LaneRequest, session: LaneSession): Promise<void> {
    // The agent's connection dropping cancels the call, as untilDisconnect does on the SDK
    // path; so does its `notifications/cancelled` (`LeanLane.cancel`).
    const cancel = new ResponseCancel(res);
    session.inFlight.set(request.id, cancel);
    const out = new Answer(res, session.id, request.progressToken !== undefined);
    const principal = session.principal.current;
    const ctx: Mutable<CallContext> = {
      principal,
      signal: cancel,
      agent: new LaneChannel(session, principal.keyName, out),
    };
    const token = request.progressToken;
    if (token !== undefined) {
      ctx.progress = (p) =>
        out.message({
          jsonrpc: '2.0',
          method: 'notifications/progress',
          params: {
            progressToken: token,
            progress: p.progress,
            total: p.total,
            message: p.message,
          },
        });
    }
    let message: Record<string, unknown>;
    try {
      const result = await runLaneRequest(this.deps, request, session.scope, ctx);
      message = { jsonrpc: '2.0', id: request.id, result };
    } catch (raw) {
      const error = raw as { code?: unknown; message?: string; data?: unknown };
      const code = Number.isSafeInteger(error.code) ? (error.code as number) : -32603;
      message = {
        jsonrpc: '2.0',
        id: request.id,
        error: {
          code,
          message: error.message ?? 'Internal error',
          ...(error.data !== undefined ? { data: error.data } : {}),
        },
      };
    } finally {
      if (session.inFlight.get(request.id) === cancel) session.inFlight.delete(request.id);
      cancel.release();
    }
    // A cancelled request gets no answer, as the SDK gives none.
    if (cancel.aborted) return out.end();
    out.last(message);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The agent as a relay target during a lane call: a server's request goes out on the call's own
 * stream, related to the call as the SDK sends it, and the agent's answer comes back as a POST
 * (`LeanLane.answered`); a late notification goes to the session's stream. A class, not an
 * object of closures: every lane call makes one, and few calls ever relay anything.
 */
class LaneChannel implements AgentChannel {
  relayed = false;
  readonly owner: string;
  /** Made when first read (an audit line or a relayed request names the call), not per call. */
  private id: string | undefined;

  constructor(
    private readonly session: LaneSession,
    keyName: string,
    private readonly out: Answer,
  ) {
    this.owner = `${keyName}:${session.id}`;
  }

  get callId(): string {
    return (this.id ??= randomUUID());
  }

  capabilities(): Record<string, unknown> | undefined {
    return this.session.server.getClientCapabilities() as Record<string, unknown> | undefined;
  }

  request(
    method: string,
    params: Record<string, unknown>,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<Record<string, unknown>> {
    const session = this.session;
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = `${ASK_PREFIX}${++asks}`;
      const end = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        session.asked.delete(id);
      };
      const onAbort = () => {
        end();
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        end();
        reject(
          new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out', { timeout: timeoutMs }),
        );
      }, timeoutMs);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      session.asked.set(id, {
        resolve: (result) => {
          end();
          resolve(result);
        },
        reject: (error) => {
          end();
          reject(error);
        },
      });
      this.out.message({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: Record<string, unknown>): void {
    this.session.server.notification({ method, params } as never).catch(() => undefined);
  }
}

/**
 * One lane answer on the wire: a JSON response, or, when the agent asked for progress, an SSE
 * stream (opened at once, as the SDK opens it) whose events are written in order.
 */
class Answer {
  private opened = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly sessionId: string,
    private readonly streaming: boolean,
  ) {
    if (streaming) this.open();
  }

  message(message: Record<string, unknown>): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    this.open();
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  last(message: Record<string, unknown>): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    if (this.streaming || this.opened) {
      this.message(message);
      this.res.end();
      return;
    }
    const text = JSON.stringify(message);
    this.res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'mcp-session-id': this.sessionId,
    });
    this.res.end(text);
  }

  end(): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    this.open();
    this.res.end();
  }

  private open(): void {
    if (this.opened) return;
    this.opened = true;
    this.res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'mcp-session-id': this.sessionId,
    });
  }
}
