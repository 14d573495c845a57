import {
  CONTROL_METHODS,
  ControlError,
  unwrapResult,
  type ControlApi,
  type ControlMethod,
  type ControlResult,
} from './control.js';

/** The part of `fetch` the client uses (the global one in browsers and Node 20). */
export type FetchFn = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** Where the control API is and what authorizes a request. */
export interface HttpControlOptions {
  /** Origin of the gateway (`http://127.0.0.1:37373`); `''` is the page's own origin. */
  baseUrl?: string;
  /** The control token, sent as a bearer; without one the browser session (cookie) speaks. */
  token?: string;
  /** The headers that authorize a request, once known; defaults to the token as a bearer. */
  auth?: Promise<Record<string, string>>;
  fetch?: FetchFn;
}

/** `Authorization: Bearer <token>`, or nothing without a token. */
export const bearerHeaders = (token: string | undefined): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};

/**
 * The ControlApi over HTTP, derived by one loop over CONTROL_METHODS: each method is
 * `POST <base>/control/<method>` with the input as JSON, answered by a ControlResult envelope.
 * Nothing is written per method, so it cannot drift from the contract. The web UI (which adds
 * its event stream) and the CLI against a running gateway both use this one.
 *
 * Failures are ControlErrors that say what to do: `unavailable` when the gateway cannot be
 * reached or answers without an envelope, `unauthorized` when it refuses the token, and the
 * envelope's own error otherwise.
 */
export function createHttpControlApi(options: HttpControlOptions): ControlApi {
  const doFetch: FetchFn = options.fetch ?? (globalThis.fetch.bind(globalThis) as FetchFn);
  const base = options.baseUrl ?? '';
  const auth = options.auth ?? Promise.resolve(bearerHeaders(options.token));
  const call = async (method: ControlMethod, input: unknown): Promise<unknown> => {
    let response: Awaited<ReturnType<FetchFn>>;
    try {
      response = await doFetch(`${base}/control/${method}`, {
        method: 'POST',
        headers: {
          ...(await auth),
          ...(input === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(input === undefined ? {} : { body: JSON.stringify(input) }),
      });
    } catch {
      const where = base ? ` at ${base}` : '';
      throw new ControlError(
        'unavailable',
        `Switchboard is not reachable${where}; is it still running?`,
      );
    }
    if (response.status === 401) {
      throw new ControlError('unauthorized', 'the control token was refused');
    }
    const envelope = (await response.json().catch(() => undefined)) as
      ControlResult<unknown> | undefined;
    if (!envelope || typeof envelope !== 'object' || !('ok' in envelope)) {
      throw new ControlError(
        'unavailable',
        `the gateway answered HTTP ${response.status} without a result to ${method}`,
      );
    }
    return unwrapResult(envelope);
  };
  const api: Partial<Record<ControlMethod, (input?: unknown) => Promise<unknown>>> = {};
  for (const method of CONTROL_METHODS) api[method] = (input?: unknown) => call(method, input);
  return api as ControlApi;
}
