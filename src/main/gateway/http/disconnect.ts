import type { ServerResponse } from 'node:http';
import { CallCancel } from '../call-signal.js';
import { GatewayError } from '../errors.js';

// Explicit signals, not an AsyncLocalStorage: on Node 20 a storage that has run once keeps
// promise hooks on for every promise in the process, a tax on every call of every agent.

/**
 * A signal that aborts when `res` closes before it was finished: the agent went away (its
 * connection dropped), so the work it asked for is cancelled downstream at once instead of at
 * the call timeout.
 */
export function disconnectOf(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(disconnected());
  });
  return controller.signal;
}

/**
 * A lean-lane call's cancellation, as `disconnectOf` but without an AbortController per call
 * (call-signal.ts says why): ended when `res` closes before it was finished. `release` takes
 * the listener off `res` once the call has settled.
 */
export class ResponseCancel extends CallCancel {
  private readonly onClose = () => {
    if (!this.res.writableFinished) this.abort(disconnected());
  };

  constructor(private readonly res: ServerResponse) {
    super();
    // `on`, not `once`: `release` takes it off, and `once` wraps it per call.
    res.on('close', this.onClose);
  }

  release(): void {
    this.res.off('close', this.onClose);
  }
}

/** Why a call stops when its agent's connection drops before the answer. */
export function disconnected(): GatewayError {
  return new GatewayError('cancelled', 'the agent disconnected before the answer');
}

/**
 * The signal an SDK handler should honour: the SDK's request signal (the agent's cancellation,
 * a closed session), joined with the HTTP request that carried it. The SDK's Node adapter
 * aborts that request's signal when the connection closes before the answer was written, in
 * either protocol era; the join names that case as a disconnect.
 */
export function untilDisconnect(
  signal: AbortSignal,
  request: { readonly signal: AbortSignal } | undefined,
): AbortSignal {
  const drop = request?.signal;
  if (!drop) return signal;
  const joined = new AbortController();
  if (signal.aborted) joined.abort(signal.reason);
  else if (drop.aborted) joined.abort(disconnected());
  else {
    signal.addEventListener('abort', () => joined.abort(signal.reason), { once: true });
    drop.addEventListener('abort', () => joined.abort(disconnected()), { once: true });
  }
  return joined.signal;
}
