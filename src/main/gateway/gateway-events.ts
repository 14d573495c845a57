import type { ServerStatus } from '../../shared/model.js';
import { errorMessage } from './errors.js';
import type { Logger } from './ports.js';

/**
 * What the gateway tells its observers (the endpoint, the control service, the tray), and the
 * one place that tells them: listeners are called in turn, a failing one is logged and the rest
 * still hear it, and a server's status changes are folded into one event per short window.
 */

/** Something the gateway tells its observers (the endpoint, the control service, the tray). */
export type GatewayEvent =
  | { type: 'serverChanged'; server: ServerStatus }
  | { type: 'catalogChanged'; version: number }
  | { type: 'configChanged' }
  | { type: 'changesChanged' };

/** Status changes of one server within this window are published as one event. */
const STATUS_COALESCE_MS = 50;

/** The gateway's listeners and its pending status events. */
export class GatewayEvents {
  private readonly listeners = new Set<(event: GatewayEvent) => void>();
  private readonly statusTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly logger: Logger,
    /** A server's status when its event goes out (undefined: no longer configured). */
    private readonly status: (serverId: string) => ServerStatus | undefined,
  ) {}

  /** Subscribes to gateway events; returns the unsubscribe. */
  subscribe(listener: (event: GatewayEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Tells listeners a server's status changed. Changes within STATUS_COALESCE_MS become one
   * event: a server that writes a stderr line per request (or fails calls in a row) would
   * otherwise make every call build, mask and broadcast its whole status.
   */
  emitServer(serverId: string): void {
    if (this.statusTimers.has(serverId)) return;
    const timer = setTimeout(() => {
      this.statusTimers.delete(serverId);
      const server = this.status(serverId);
      if (server) this.emit({ type: 'serverChanged', server });
    }, STATUS_COALESCE_MS);
    timer.unref();
    this.statusTimers.set(serverId, timer);
  }

  emit(event: GatewayEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ err: errorMessage(error) }, 'a gateway event listener failed');
      }
    }
  }

  /** Drops the status events not yet sent (the gateway stopped). */
  clearPending(): void {
    for (const timer of this.statusTimers.values()) clearTimeout(timer);
    this.statusTimers.clear();
  }
}
