import type { PriorDiscovery } from '@modelcontextprotocol/client';
import type { ServerLists } from '../catalog/catalog.js';

/**
 * What one server's connections tell the gateway. The gateway makes one per server, the
 * `Upstream` hands the same object to every connection of every replica, and each layer calls
 * it directly: no layer restates or re-wraps these callbacks.
 */
export interface UpstreamEvents {
  /** The server's state, last error or stderr changed: read `Upstream.status()` again. */
  onStatus(): void;
  /** The server's lists (initial listing or a `list_changed`); only the first replica's. */
  onLists(lists: ServerLists): void;
  /** The protocol era last negotiated with this server, to skip the probe next time. */
  prior?(): PriorDiscovery | undefined;
  /** A new era verdict (or undefined: the remembered one was wrong). */
  onPrior?(prior: PriorDiscovery | undefined): void;
  /** A note for the log that does not change the server's state (an optional list it lacks). */
  onNotice?(message: string): void;
  /** A lost session was renewed with a fresh `initialize` (renewal.ts). */
  onReinitialized?(reason: string): void;
  /** A log line or a resource update from one replica (see session-relays.ts). */
  onNotification?(method: string, params: Record<string, unknown>): void;
  /** A replica (re)connected: per-session state (log level, subscriptions) is applied again. */
  onReady?(): void;
}
