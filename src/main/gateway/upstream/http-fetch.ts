import { GatewayError } from '../errors.js';

/** How the fetch of one HTTP upstream connection is built. */
export interface UpstreamFetchOptions {
  /** Headers added to every request (the SSE event stream of legacy servers needs them). */
  headers?: Record<string, string>;
  /** Told whenever response bytes arrive: a response still arriving means the server lives. */
  onBytes?: () => void;
  /** A JSON response body, or one SSE event, longer than this fails as it streams. */
  maxMessageBytes?: number;
}

/** Per source signal, the requests it must abort: one listener on it, however many requests. */
const fanOuts = new WeakMap<AbortSignal, Set<AbortController>>();

/**
 * A signal of the request's own that aborts with `source`. The SDK hands every request of a
 * connection the same long-lived signal, and fetch leaves a listener on it per request until
 * garbage collection (hundreds under load, and MaxListenersExceededWarning); here that signal
 * holds one listener, which fans out to the requests still open.
 */
function linkedSignal(source: AbortSignal | null | undefined): {
  signal: AbortSignal;
  release(): void;
} {
  const own = new AbortController();
  if (!source) return { signal: own.signal, release: () => {} };
  if (source.aborted) {
    own.abort(source.reason);
    return { signal: own.signal, release: () => {} };
  }
  let open = fanOuts.get(source);
  if (!open) {
    const requests = new Set<AbortController>();
    open = requests;
    fanOuts.set(source, requests);
    source.addEventListener(
      'abort',
      () => {
        for (const request of requests) request.abort(source.reason);
        requests.clear();
      },
      { once: true },
    );
  }
  const requests = open;
  requests.add(own);
  return { signal: own.signal, release: () => requests.delete(own) };
}

/**
 * The fetch of an HTTP upstream connection: a fixed number of abort listeners whatever the
 * load, response bytes reported as they arrive, and a body over `maxMessageBytes` (a JSON
 * answer, or one event of an SSE stream) failed the moment it passes the limit.
 */
export function createUpstreamFetch(options: UpstreamFetchOptions = {}): typeof fetch {
  return async (input, init) => {
    const { signal, release } = linkedSignal(init?.signal);
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    let response: Response;
    try {
      response = await fetch(input, { ...init, headers, signal });
    } catch (error) {
      release();
      throw error;
    }
    if (!response.body) {
      release();
      return response;
    }
    const streaming = response.headers.get('content-type')?.includes('text/event-stream') ?? false;
    const body = measured(response.body, streaming, options, release);
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

const BLANK_LINE = Buffer.from('\n\n');

/** The body passed through, counted; released when it ends, fails or is cancelled. */
function measured(
  source: ReadableStream<Uint8Array>,
  streaming: boolean,
  options: UpstreamFetchOptions,
  release: () => void,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const limit = options.maxMessageBytes ?? Infinity;
  let bytes = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
          return;
        }
        options.onBytes?.();
        // An event stream is measured per event: a blank line ends one.
        if (
          streaming &&
          Buffer.from(value.buffer, value.byteOffset, value.byteLength).includes(BLANK_LINE)
        )
          bytes = 0;
        else bytes += value.byteLength;
        if (bytes > limit) {
          // Our verdict, not the server's failure: the breaker does not count it.
          throw new GatewayError(
            'result_too_large',
            `the server's answer passed ${limit} bytes while it arrived and was refused ` +
              "(over Switchboard's result limit)",
          );
        }
        controller.enqueue(value);
      } catch (error) {
        release();
        void reader.cancel(error).catch(() => undefined);
        controller.error(error);
      }
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  });
}
