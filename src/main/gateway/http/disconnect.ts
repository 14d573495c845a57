import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';
import { GatewayError } from '../errors.js';

/** The disconnect signal of the HTTP request being handled, for the handlers it runs. */
const disconnects = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `handle` for one agent HTTP request with a signal that aborts when the response closes
 * before it was finished: the agent went away (its connection dropped, in either protocol
 * era), so the work it asked for is cancelled downstream at once instead of at the call timeout.
 */
export function withDisconnect<T>(res: ServerResponse, handle: () => T): T {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(disconnected());
  });
  return disconnects.run(controller.signal, handle);
}

/** Why a call stops when its agent's connection drops before the answer. */
export function disconnected(): GatewayError {
  return new GatewayError('cancelled', 'the agent disconnected before the answer');
}

/**
 * The signal a handler should honour: the SDK's request signal (the agent's cancellation, a
 * closed session), joined with the disconnect of the HTTP request that carried it, if any.
 */
export function untilDisconnect(signal: AbortSignal): AbortSignal {
  const disconnect = disconnects.getStore();
  return disconnect ? AbortSignal.any([signal, disconnect]) : signal;
}
