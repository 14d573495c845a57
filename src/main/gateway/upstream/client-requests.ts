import {
  isInputRequiredResult,
  ProtocolError,
  ProtocolErrorCode,
  type Client,
  type ClientCapabilities,
} from '@modelcontextprotocol/client';
import type { CallClock } from './call-clock.js';

/**
 * What a server may ask of the gateway's client: sampling, elicitation (form and URL) and
 * roots. Declared so servers know they may ask; each request is relayed to the agent whose call
 * caused it, or refused with a JSON-RPC error that says why.
 */
export const CLIENT_CAPABILITIES: ClientCapabilities = {
  sampling: {},
  elicitation: { form: {}, url: {} },
  roots: {},
};

/** The server-to-client requests the gateway relays. */
export const RELAYED_METHODS = [
  'sampling/createMessage',
  'elicitation/create',
  'roots/list',
] as const;
export type RelayedMethod = (typeof RELAYED_METHODS)[number];

/**
 * Where a forwarded request's server-to-client requests go: the agent call that caused it.
 * The gateway builds one per forwarded call; the connection only routes to it.
 */
export interface ServerRequestRelay {
  /** Who the call belongs to (a key and session): calls of one owner are interchangeable. */
  readonly owner: string;
  /** Relays a request and resolves with the agent's result; rejects with a JSON-RPC error. */
  request(
    method: RelayedMethod,
    params: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>>;
  /** Relays a notification about an earlier relayed request (`notifications/elicitation/complete`). */
  notify(method: string, params: Record<string, unknown>): void;
}

/** URL elicitations remembered for their completion notification, oldest dropped first. */
const MAX_URL_ELICITATIONS = 256;

/**
 * Routes one connection's server-to-client requests. A 2025-era server sends them as JSON-RPC
 * requests, which carry no link to the call that caused them on stdio or on Streamable HTTP as
 * the SDK client exposes them; they go to the connection's forwarded call in flight (when
 * several are, they must belong to one owner, or the server is told it is ambiguous). A
 * 2026-07-28 server embeds them in an `input_required` result of the call itself, so they are
 * fulfilled here with the exact call's relay and the call retried ({@link complete}).
 */
export class ClientRequests {
  private readonly inFlight: { relay: ServerRequestRelay; clock: CallClock }[] = [];
  private readonly urlElicitations = new Map<string, ServerRequestRelay>();

  constructor(private readonly serverId: string) {}

  /** Registers the handlers on a new client (before it connects). */
  install(client: Client): void {
    for (const method of RELAYED_METHODS) {
      client.setRequestHandler(method, (request, ctx) => {
        const params = (request.params ?? {}) as Record<string, unknown>;
        return this.dispatch(method, params, ctx.mcpReq.signal) as never;
      });
    }
    client.setNotificationHandler('notifications/elicitation/complete', (notification) => {
      const id = notification.params.elicitationId;
      const relay = this.urlElicitations.get(id);
      this.urlElicitations.delete(id);
      relay?.notify(notification.method, notification.params);
    });
  }

  /** Marks a forwarded call as in flight, with its clock; returns the function that ends it. */
  track(relay: ServerRequestRelay | undefined, clock: CallClock): () => void {
    if (!relay) return () => undefined;
    const entry = { relay, clock };
    this.inFlight.push(entry);
    return () => {
      const index = this.inFlight.indexOf(entry);
      if (index >= 0) this.inFlight.splice(index, 1);
    };
  }

  /**
   * Fulfils a 2026-07-28 `input_required` answer through the call's own relay and retries the
   * call with the responses and the server's `requestState`, until the server completes it.
   */
  async complete(
    first: Record<string, unknown>,
    relay: ServerRequestRelay | undefined,
    clock: CallClock,
    retry: (extra: Record<string, unknown>) => Promise<Record<string, unknown>>,
  ): Promise<Record<string, unknown>> {
    let result = first;
    for (let round = 1; isInputRequiredResult(result); round++) {
      if (round > 10)
        throw new Error(`server ${this.serverId} still required input after 10 rounds`);
      const requests = Object.entries(result.inputRequests ?? {});
      const responses: Record<string, unknown> = {};
      for (const [key, embedded] of requests) {
        const method = embedded.method as RelayedMethod;
        const params = (embedded.params ?? {}) as Record<string, unknown>;
        responses[key] = await clock.paused(() =>
          this.fulfil(relay, method, params, clock.options.signal),
        );
      }
      result = await retry({
        ...(requests.length > 0 ? { inputResponses: responses } : {}),
        ...(result.requestState !== undefined ? { requestState: result.requestState } : {}),
      });
    }
    return result;
  }

  /**
   * One embedded request through the call's relay. A refusal cannot be answered to the server in
   * this era (an embedded request has no error response), so the call ends, saying why: an
   * InternalError, which the pipeline shows the agent as a tool error and the breaker ignores.
   */
  private async fulfil(
    relay: ServerRequestRelay | undefined,
    method: RelayedMethod,
    params: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>> {
    try {
      if (!relay) throw this.noCall(method);
      return await relay.request(method, params, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      const why = error instanceof Error ? error.message : String(error);
      throw new ProtocolError(
        ProtocolErrorCode.InternalError,
        `it asked for ${method}, which Switchboard could not relay (${why})`,
      );
    }
  }

  private async dispatch(
    method: RelayedMethod,
    params: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>> {
    // Servers such as the official filesystem one ask for roots right after the handshake,
    // when no agent is involved: the gateway has no roots of its own, and a server's configured
    // directories must not depend on whichever agent happens to be calling.
    if (method === 'roots/list' && this.inFlight.length === 0) return { roots: [] };
    const { relay, clock } = this.target(method);
    if (method === 'elicitation/create' && params.mode === 'url') {
      this.rememberUrlElicitation(params.elicitationId, relay);
    }
    // The server's own cancellation, or the end of the call (timeout, agent cancelled).
    const either = AbortSignal.any([signal, clock.options.signal]);
    return clock.paused(() => relay.request(method, params, either));
  }

  /** The call a 2025-era server's request belongs to: the one in flight, or one owner's. */
  private target(method: string): { relay: ServerRequestRelay; clock: CallClock } {
    const calls = this.inFlight;
    if (calls.length === 0) throw this.noCall(method);
    const latest = calls[calls.length - 1]!;
    if (calls.some((c) => c.relay.owner !== latest.relay.owner)) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidRequest,
        `Switchboard cannot tell which of ${calls.length} calls in flight on server "${this.serverId}" sent ${method}; it relays such requests while only one agent's calls run`,
      );
    }
    return latest;
  }

  private noCall(method: string): ProtocolError {
    return new ProtocolError(
      ProtocolErrorCode.InvalidRequest,
      `Switchboard relays ${method} to an agent only during one of its calls to server "${this.serverId}", and none is in flight`,
    );
  }

  private rememberUrlElicitation(id: unknown, relay: ServerRequestRelay): void {
    if (typeof id !== 'string') return;
    this.urlElicitations.set(id, relay);
    if (this.urlElicitations.size > MAX_URL_ELICITATIONS) {
      this.urlElicitations.delete(this.urlElicitations.keys().next().value!);
    }
  }
}
