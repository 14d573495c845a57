import type { ControlEvent } from '../../../shared/control';
import {
  bearerHeaders,
  createHttpControlApi,
  type HttpControlOptions,
} from '../../../shared/http-control';

/** The shared client's options, with the browser's whole `fetch` (the event stream reads bodies). */
export interface BrowserControlOptions extends Omit<HttpControlOptions, 'fetch'> {
  fetch?: typeof fetch;
}
import { reconnectDelay } from './backoff';
import type { ConnectionState, ControlClient } from './connection';
import { createSseParser } from './sse-parser';

/**
 * Trades the token for a browser session (an HttpOnly cookie of this origin), so a reload or a
 * second tab stays signed in. Resolves to the headers later requests need: none when the
 * cookie carries the session, the bearer token when the exchange failed, none without a token.
 */
export async function openSession(
  token: string | undefined,
  baseUrl = '',
  doFetch: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<Record<string, string>> {
  if (!token) return {};
  // Unreachable or refused now: the bearer still speaks (and is refused) on later requests.
  return (await exchangeToken(token, baseUrl, doFetch)) ? {} : bearerHeaders(token);
}

/** `POST /control/session` with the token: true when the gateway set the session cookie. */
export async function exchangeToken(
  token: string,
  baseUrl = '',
  doFetch: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<boolean> {
  try {
    const response = await doFetch(`${baseUrl}/control/session`, {
      method: 'POST',
      headers: bearerHeaders(token),
      credentials: 'same-origin',
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The HTTP transport: the API plus one shared `GET /control/events` stream, read with fetch
 * (so the token goes in a header) and reopened with backoff when it drops.
 */
export function createHttpControlClient(given: BrowserControlOptions): ControlClient {
  const options: BrowserControlOptions = {
    ...given,
    auth: given.auth ?? openSession(given.token, given.baseUrl, given.fetch),
  };
  const listeners = new Set<(event: ControlEvent) => void>();
  const watchers = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let started = false;
  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const watcher of watchers) watcher(state);
  };
  const emit = (event: ControlEvent) => {
    for (const listener of listeners) listener(event);
  };
  const start = () => {
    if (started) return;
    started = true;
    void runEventStream(options, emit, setState);
  };
  return {
    api: createHttpControlApi(options),
    transport: 'http',
    subscribe(listener) {
      listeners.add(listener);
      start();
      return () => listeners.delete(listener);
    },
    watchConnection(watcher) {
      watchers.add(watcher);
      watcher(state);
      return () => watchers.delete(watcher);
    },
  };
}

async function runEventStream(
  options: BrowserControlOptions,
  emit: (event: ControlEvent) => void,
  setState: (state: ConnectionState) => void,
): Promise<void> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await doFetch(`${options.baseUrl ?? ''}/control/events`, {
        headers: { ...(await options.auth), Accept: 'text/event-stream' },
        cache: 'no-store',
      });
      if (response.status === 401) {
        setState('unauthorized');
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      setState('connected');
      attempt = 0;
      await readEvents(response.body, emit);
    } catch {
      // Dropped or refused: fall through to the backoff below.
    }
    setState('reconnecting');
    await new Promise((resolve) => setTimeout(resolve, reconnectDelay(attempt)));
  }
}

async function readEvents(body: ReadableStream<Uint8Array>, emit: (event: ControlEvent) => void) {
  const decoder = new TextDecoder();
  const feed = createSseParser((data) => {
    try {
      emit(JSON.parse(data) as ControlEvent);
    } catch {
      // One malformed event must not kill the stream.
    }
  });
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    feed(decoder.decode(value, { stream: true }));
  }
}
