/** What a server says outside any call: a log line, a resource update, or that it (re)connected. */
export type ServerSignal =
  | { type: 'notification'; serverId: string; method: string; params: Record<string, unknown> }
  | { type: 'ready'; serverId: string };

/**
 * The channel between the upstream connections and the agent relays (session-relays.ts). Kept
 * apart from the gateway's events: those mean "lists or status changed" to every observer, and
 * a log flood must not reach the control service or re-list anything.
 */
export class ServerSignals {
  private readonly listeners = new Set<(signal: ServerSignal) => void>();

  /** Subscribes; returns the unsubscribe. */
  subscribe(listener: (signal: ServerSignal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hands a signal to every listener, in subscription order. */
  emit(signal: ServerSignal): void {
    for (const listener of this.listeners) listener(signal);
  }
}
