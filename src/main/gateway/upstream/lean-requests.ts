import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  ProtocolError,
  SdkError,
  SdkErrorCode,
  type JSONRPCMessage,
  type Transport,
} from '@modelcontextprotocol/client';
import type { CallEnd } from './call-clock.js';

/**
 * Sends one message over the connection's wire (the transport, or a keep-alive HTTP POST);
 * `signal`, when given, ends the request's own exchange (an HTTP POST is aborted).
 */
export type LeanSend = (message: JSONRPCMessage, signal?: AbortSignal) => Promise<void>;

/** The `_meta` keys the SDK stamps on every 2026-07-28 request: version, client info, caps. */
const ENVELOPE_KEYS = [
  PROTOCOL_VERSION_META_KEY,
  CLIENT_INFO_META_KEY,
  CLIENT_CAPABILITIES_META_KEY,
];
/** Ids of lean requests: strings, so they never meet the SDK client's numeric ids. */
const ID_PREFIX = 'sb-lean-';

/** A lean request waiting for its answer: its promise's own functions, and its watch's end. */
interface Pending {
  resolve(answer: LeanAnswer): void;
  reject(error: unknown): void;
  done(): void;
}

/** What a lean request answers: the server's result, or that it asked for input first. */
export type LeanAnswer =
  { kind: 'result'; result: Record<string, unknown> } | { kind: 'input_required' };

/**
 * Requests forwarded over a connection's transport without the SDK client's per-request
 * machinery (request objects, schemas, response handlers): the JSON-RPC request is written as
 * it is, its answer is picked off the transport by id before the SDK sees it, and handed back
 * untouched, parsed once. The SDK client keeps the handshake, notifications, the server's own
 * requests (sampling, elicitation, roots: answered through its handlers on the same transport)
 * and every request this does not carry.
 *
 * Errors are the SDK's own: a JSON-RPC error is a `ProtocolError` built as the SDK builds it,
 * a cancellation or timeout rejects with the signal's reason (sending `notifications/cancelled`),
 * a closed connection with `ConnectionClosed`, so callers cannot tell the two paths apart.
 */
export class LeanRequests {
  private readonly pending = new Map<string, Pending>();
  private counter = 0;
  /** The 2026-07-28 envelope the SDK stamped on its last request; none on a 2025 connection. */
  private envelope: Record<string, unknown> | undefined;

  constructor(private readonly transport: Transport) {}

  /**
   * Takes lean answers off the transport and learns the SDK's envelope from what it sends.
   * Install after the handshake, before any wrapper that must see lean answers (stream loss).
   */
  install(): void {
    const transport = this.transport;
    const dispatch = transport.onmessage;
    transport.onmessage = (message, extra) => {
      const m = message as { id?: unknown; method?: unknown };
      if (typeof m.id === 'string' && m.method === undefined && m.id.startsWith(ID_PREFIX)) {
        const pending = this.pending.get(m.id);
        if (pending) {
          this.pending.delete(m.id);
          pending.done();
          settle(message as Answer, pending);
          return;
        }
      }
      dispatch?.call(transport, message, extra);
    };
    const send = transport.send.bind(transport);
    transport.send = (message, options) => {
      const meta = (message as { params?: { _meta?: Record<string, unknown> } }).params?._meta;
      if (meta?.[PROTOCOL_VERSION_META_KEY] !== undefined && this.envelope === undefined) {
        this.envelope = Object.fromEntries(
          ENVELOPE_KEYS.filter((key) => meta[key] !== undefined).map((key) => [key, meta[key]]),
        );
      }
      return send(message, options);
    };
  }

  /** Whether the connection's era is known well enough to send requests the SDK's way. */
  ready(modern: boolean): boolean {
    return !modern || this.envelope !== undefined;
  }

  /** The envelope a 2026-07-28 request carries (undefined on a 2025 connection). */
  get stamp(): Record<string, unknown> | undefined {
    return this.envelope;
  }

  /**
   * Sends `method` and resolves with the server's result as it came (a 2026-07-28 result
   * without its `resultType`, as the SDK gives it), or `input_required` for the SDK to take on.
   */
  request(
    method: string,
    params: Record<string, unknown> | undefined,
    end: CallEnd,
    send: LeanSend,
    /**
     * How a cancellation reaches the server: a notification, or, given the signal to abort the
     * POST with (a 2026-07-28 HTTP server), that POST aborted.
     */
    abortPost?: AbortSignal,
  ): Promise<LeanAnswer> {
    const id = `${ID_PREFIX}${++this.counter}`;
    const stamped = this.stamped(params);
    const message = { jsonrpc: '2.0', id, method, ...(stamped ? { params: stamped } : {}) };
    return new Promise<LeanAnswer>((resolve, reject) => {
      if (end.aborted) return reject(asSdkError(end.reason));
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        if (!abortPost) {
          const params = this.stamped({ requestId: id, reason: String(end.reason) });
          const cancel = { jsonrpc: '2.0', method: 'notifications/cancelled', params };
          send(cancel as JSONRPCMessage).catch(() => undefined);
        }
        reject(asSdkError(end.reason));
      };
      const unwatch = end.onEnd(onAbort);
      this.pending.set(id, { resolve, reject, done: unwatch });
      send(message as JSONRPCMessage, abortPost).catch((error: unknown) => {
        const pending = this.pending.get(id);
        if (!pending) return;
        this.pending.delete(id);
        pending.done();
        reject(error);
      });
    });
  }

  /** Fails every lean request in flight: the connection closed under them. */
  closeAll(): void {
    const error = new SdkError(SdkErrorCode.ConnectionClosed, 'Connection closed');
    for (const pending of this.pending.values()) {
      pending.done();
      pending.reject(error);
    }
    this.pending.clear();
  }

  private stamped(
    params: Record<string, unknown> | undefined,
  ): Record<string, unknown> | undefined {
    if (!this.envelope) return params;
    const meta = (params?._meta as Record<string, unknown> | undefined) ?? {};
    return { ...params, _meta: { ...this.envelope, ...meta } };
  }
}

type Answer = {
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
};

function settle(message: Answer, pending: Pending): void {
  if (message.error) {
    const { code, message: text, data } = message.error;
    pending.reject(ProtocolError.fromError(code, text, data));
  } else {
    const result = message.result ?? {};
    pending.resolve(
      result.resultType === 'input_required'
        ? { kind: 'input_required' }
        : { kind: 'result', result: withoutResultType(result) },
    );
  }
}

/** What the SDK rejects a cancelled or timed-out request with. */
function asSdkError(reason: unknown): SdkError {
  return reason instanceof SdkError
    ? reason
    : new SdkError(SdkErrorCode.RequestTimeout, String(reason));
}

function withoutResultType(result: Record<string, unknown>): Record<string, unknown> {
  if (!('resultType' in result)) return result;
  const { resultType: _, ...rest } = result;
  return rest;
}
