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

/**
 * How long after the gateway starts a server whose tools are listed already (remembered from
 * the last run, or shipped with its package) waits before it boots. The agents that connect as
 * the gateway starts (the app opening at login with an editor) get their lists first, instead of
 * sharing the CPU with ten servers booting. A call to a waiting server starts it at once, and a
 * person's restart never waits. With ten preset servers the first start went from about 0.5 s
 * to about 0.3 s on the bench machine (`bench/run.ts --only start`; bench/results.md).
 */
export const BOOT_GRACE_MS = 300;

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
