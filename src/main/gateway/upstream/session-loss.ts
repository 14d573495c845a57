import type { JSONRPCMessage, Tool, Transport } from '@modelcontextprotocol/client';
import { loadedClientSdk } from './client-sdk.js';

/**
 * An upstream session that is gone: the server restarted (an HTTP server answers 404 to the
 * old `Mcp-Session-Id`, a stdio child exited) or the stream that carried a request broke.
 * `inFlight` says whether the request may have run: false when the server refused it unseen
 * (404), true when it was sent and its answer was lost with the connection.
 */
export class SessionLostError extends Error {
  constructor(
    readonly serverId: string,
    readonly inFlight: boolean,
    options?: { cause?: unknown },
  ) {
    super(
      inFlight
        ? `server "${serverId}" restarted (its connection was lost) while the request was in flight`
        : `server "${serverId}" no longer knows its session (it restarted)`,
      options,
    );
    this.name = 'SessionLostError';
  }
}

// Marks the error answer we put in place of one a broken stream will never bring.
const LOST_MARK = 'io.switchboard/streamLost';

/** The error answer that stands in for one a broken stream will never bring. */
export function lostAnswer(id: string | number): JSONRPCMessage {
  const error = { code: -32603, message: 'the stream was lost', data: { [LOST_MARK]: true } };
  return { jsonrpc: '2.0', id, error } as JSONRPCMessage;
}

/** Methods that only read, and so may run twice without harm. */
const READ_ONLY_METHODS = new Set([
  'ping',
  'tools/list',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'prompts/list',
  'prompts/get',
  'completion/complete',
]);

/** Whether a request only reads: a read method, or a tool the server annotates `readOnlyHint`. */
export function isReadOnlyRequest(
  method: string,
  params: Record<string, unknown> | undefined,
  tools: Tool[],
): boolean {
  if (READ_ONLY_METHODS.has(method)) return true;
  if (method !== 'tools/call') return false;
  const tool = tools.find((t) => t.name === params?.name);
  return tool?.annotations?.readOnlyHint === true;
}

/**
 * What a failed request means for the session: a `SessionLostError` when the session is gone,
 * or undefined when the error is an ordinary one. `closing` is true when the request ended by
 * our own doing (a stop, the caller's cancellation), which is no loss to recover from.
 */
export function sessionLoss(
  error: unknown,
  serverId: string,
  transport: Transport | undefined,
  closing: boolean,
): SessionLostError | undefined {
  // An SDK error cannot exist before the client SDK is loaded: without it, none of these is one.
  const sdk = loadedClientSdk();
  if (sdk && error instanceof sdk.SdkHttpError && error.status === 404 && transport?.sessionId) {
    return new SessionLostError(serverId, false, { cause: error });
  }
  const lost = sdk && error instanceof sdk.ProtocolError && error.data;
  if (lost && (lost as Record<string, unknown>)[LOST_MARK]) {
    return new SessionLostError(serverId, true, { cause: error });
  }
  const closed = sdk?.SdkErrorCode.ConnectionClosed;
  if (!closing && sdk && error instanceof sdk.SdkError && error.code === closed) {
    return new SessionLostError(serverId, true, { cause: error });
  }
  if (transport?.sessionId && brokenMidRequest(error)) {
    return new SessionLostError(serverId, true, { cause: error });
  }
  return undefined;
}

/**
 * A POST whose connection broke after it was sent (the server process died before its answer
 * began). A refused connection is not one: nothing was sent, and the server is simply down.
 */
function brokenMidRequest(error: unknown): boolean {
  if (!(error instanceof TypeError) || error.message !== 'fetch failed') return false;
  return (error.cause as { code?: unknown } | undefined)?.code !== 'ECONNREFUSED';
}

/**
 * Watches the Streamable HTTP request streams of a connection (other transports ignore the
 * hook). When the stream that was to carry a request's answer ends without it (the server
 * process died, or dropped the session), the SDK would wait for the answer until the call's
 * timeout; instead an error answer marked as lost is delivered at once, which `sessionLoss`
 * turns into a `SessionLostError`. A 404 on the session's event stream (the server restarted
 * between calls) calls `onGone`, so the session is renewed before the next call needs it.
 */
export function watchSessionStreams(transport: Transport, onGone: () => void): void {
  const open = new Set<string | number>();
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    const m = message as { id?: string | number; method?: string };
    if (m.id !== undefined && m.method === undefined) open.delete(m.id);
    deliver?.call(transport, message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    const m = message as { id?: string | number; method?: string };
    // A request the SDK watches itself (subscriptions/listen) keeps its own stream-end hook.
    const watched = options?.onRequestStreamEnd !== undefined;
    if (m.id === undefined || m.method === undefined || watched) return send(message, options);
    const id = m.id;
    open.add(id);
    const onRequestStreamEnd = () => {
      if (!open.delete(id)) return;
      deliver?.call(transport, lostAnswer(id));
    };
    return send(message, { ...options, onRequestStreamEnd }).catch((error: unknown) => {
      open.delete(id);
      throw error;
    });
  };
  const report = transport.onerror;
  transport.onerror = (error) => {
    const SdkHttpError = loadedClientSdk()?.SdkHttpError;
    if (
      SdkHttpError &&
      error instanceof SdkHttpError &&
      error.status === 404 &&
      transport.sessionId
    )
      onGone();
    report?.call(transport, error);
  };
}
