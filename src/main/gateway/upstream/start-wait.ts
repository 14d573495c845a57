import { GatewayError } from '../errors.js';
import type { ForwardOptions } from './forward-options.js';

/**
 * Waits for a server's start to settle (ready or failed), but no longer than `limit` ms (the
 * call's own deadline) and not past the agent's cancellation.
 */
export async function untilStarted(
  start: Promise<void>,
  serverId: string,
  options: ForwardOptions,
  limit: number,
): Promise<void> {
  options.signal?.throwIfAborted();
  let timer: NodeJS.Timeout | undefined;
  let onAbort = () => {};
  const stop = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(
        new GatewayError('timeout', `server "${serverId}" was still starting after ${limit} ms`),
      );
    }, limit);
    onAbort = () => reject(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([start.catch(() => undefined), stop]);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
