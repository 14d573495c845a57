import { availableParallelism } from 'node:os';
import { errorMessage } from '../errors.js';
import type { Logger } from '../ports.js';
import { ConcurrencyLimiter } from './limiter.js';
import type { Upstream } from './upstream.js';

/**
 * How the gateway paces server starts: how many boot at once, and how long one may hold up the
 * rest. A server that is slow to start keeps starting on its own; the gateway only stops
 * waiting for it.
 */

/**
 * Servers listed from memory boot a few at a time, one more than the cores: their tools are
 * already listed, and ten Node servers spawned at once on a laptop take the CPU the gateway
 * needs to answer agents meanwhile. A server with nothing remembered boots at once: agents
 * wait for its tools, and on a first start the CPU is best spent booting every server
 * together (`npm run bench`, start rows, compares both). A call to a waiting server starts it
 * at once.
 */
export function createStartSlots(): ConcurrencyLimiter {
  return new ConcurrencyLimiter({
    maxInFlight: availableParallelism() + 1,
    maxQueue: Number.MAX_SAFE_INTEGER,
  });
}

/** Starts a server; resolves when it is up or failed, or at the start-up bound (`boundMs`). */
export async function bootWithin(upstream: Upstream, boundMs: number, logger: Logger) {
  const id = upstream.config.id;
  let timer: NodeJS.Timeout | undefined;
  const laggard = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      logger.warn({ server: id }, `server ${id} is still starting after ${boundMs} ms`);
      resolve();
    }, boundMs);
  });
  const started = upstream.start().catch((error: unknown) => {
    logger.warn({ server: id, err: errorMessage(error) }, `server ${id} failed to start`);
  });
  // A laggard gives its slot up at the bound and goes on starting on its own.
  await Promise.race([started, laggard]);
  clearTimeout(timer);
}
