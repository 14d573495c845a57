import type { Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';

/** Limits on the connections the endpoint holds for peers it does not know yet. */
export interface ConnectionGuardOptions {
  /** A connection whose first request head is not complete by then is closed. */
  firstRequestMs: number;
  /** Connections not yet used with a valid agent key; past it, the oldest of them is closed. */
  maxUntrusted: number;
  /** Connections one agent key may hold; a request on one more gets 429 and the socket closes. */
  maxPerKey: number;
}

/** The endpoint's limits: well below its 2,048 connections in total. */
export const DEFAULT_CONNECTION_GUARD: ConnectionGuardOptions = {
  firstRequestMs: 10_000,
  maxUntrusted: 256,
  maxPerKey: 512,
};

/** What the endpoint tells the guard. */
export interface ConnectionGuard {
  /**
   * Moves the connection out of the untrusted pool: it carried a valid key. False when that
   * key already holds `maxPerKey` connections (the caller answers 429 and closes it).
   */
  trust(socket: Socket, keyName: string): boolean;
  /** How many connections are untrusted and trusted now. */
  counts(): { untrusted: number; trusted: number };
}

/**
 * Keeps silent and unauthenticated connections from crowding agents out. Node's
 * `headersTimeout` starts with a request's first byte, so a connection that never sends one
 * stayed open for ever, and `maxConnections` made 2,048 of them a lock-out for every agent.
 *
 * Every connection must complete its first request head within `firstRequestMs` (later
 * requests on it are Node's `headersTimeout` and `keepAliveTimeout`; an event stream, once its
 * request head arrived, stays open). Until a request on it carries a valid agent key, a
 * connection is untrusted: at most `maxUntrusted` of those are kept, and one more closes the
 * oldest. On loopback every peer has the same address, and finding the process behind a port
 * costs a scan of /proc (or lsof) per connection, so the pools are per trust, not per process:
 * a flood of anonymous connections only churns its own pool, while agents, trusted from their
 * first request, keep theirs — up to `maxPerKey` per key, so no one key can fill the endpoint.
 */
export function guardConnections(
  http: HttpServer,
  options: ConnectionGuardOptions = DEFAULT_CONNECTION_GUARD,
): ConnectionGuard {
  // Insertion order is age: the first entry is the oldest untrusted connection.
  const untrusted = new Map<Socket, NodeJS.Timeout | undefined>();
  const trusted = new Map<Socket, string>();
  const perKey = new Map<string, number>();
  const forget = (socket: Socket) => {
    clearTimeout(untrusted.get(socket));
    untrusted.delete(socket);
    const key = trusted.get(socket);
    if (key === undefined) return;
    trusted.delete(socket);
    const left = (perKey.get(key) ?? 1) - 1;
    if (left > 0) perKey.set(key, left);
    else perKey.delete(key);
  };
  http.on('connection', (socket: Socket) => {
    while (untrusted.size >= options.maxUntrusted) {
      const [oldest] = untrusted.keys();
      if (!oldest) break;
      forget(oldest);
      oldest.destroy();
    }
    const timer = setTimeout(() => socket.destroy(), options.firstRequestMs);
    timer.unref();
    untrusted.set(socket, timer);
    socket.once('close', () => forget(socket));
  });
  http.on('request', (req: { socket: Socket }) => {
    const socket = req.socket;
    if (!untrusted.has(socket)) return;
    clearTimeout(untrusted.get(socket));
    untrusted.set(socket, undefined);
  });
  return {
    trust(socket, keyName) {
      if (trusted.has(socket)) return true;
      const count = perKey.get(keyName) ?? 0;
      if (count >= options.maxPerKey) return false;
      forget(socket);
      if (socket.destroyed) return true;
      trusted.set(socket, keyName);
      perKey.set(keyName, count + 1);
      return true;
    },
    counts: () => ({ untrusted: untrusted.size, trusted: trusted.size }),
  };
}
