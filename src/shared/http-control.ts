import {
  CONTROL_METHODS,
  ControlError,
  unwrapResult,
  type ControlApi,
  type ControlResult,
} from './control.js';

/** The `fetch` the client uses (the global one in browsers and Node 20). */
export type FetchFn = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

/**
 * A ControlApi over HTTP (`POST <base>/control/<method>` with the control token), derived by one
 * loop over CONTROL_METHODS: nothing is written per method, so it cannot drift from the
 * contract. Used by the web UI and by the CLI against a running gateway.
 */
export function createHttpControlClient(
  baseUrl: string,
  token: string,
  fetchFn: FetchFn,
): ControlApi {
  const client: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const method of CONTROL_METHODS) {
    client[method] = async (input?: unknown) => {
      const response = await fetchFn(`${baseUrl}/control/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(input === undefined ? {} : { body: JSON.stringify(input) }),
      });
      if (response.status === 401)
        throw new ControlError('unauthorized', 'the control token was refused');
      if (!response.ok)
        throw new ControlError('unavailable', `the gateway answered HTTP ${response.status}`);
      return unwrapResult((await response.json()) as ControlResult<unknown>);
    };
  }
  return client as unknown as ControlApi;
}
