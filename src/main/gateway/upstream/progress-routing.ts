import type { Transport } from '@modelcontextprotocol/client';
import type { ForwardOptions } from './forward-options.js';

/**
 * Progress of forwarded calls, delivered by the connection itself. A connection gives each call
 * that asked for progress a token of its own (`sb-<n>`) and keeps its handler under it for the
 * call's life; this routes the server's progress notifications to those handlers.
 */

/** The agent's progress callback of one forwarded call. */
export type ProgressHandler = NonNullable<ForwardOptions['onprogress']>;

/**
 * Delivers progress notifications ourselves, synchronously and in wire order. The SDK client
 * (2.4) dispatches notifications a microtask after responses, so the last progress of a call
 * that arrives in the same chunk as its result would be lost (typescript-sdk#2580).
 */
export function interceptProgress(
  transport: Transport,
  handlers: ReadonlyMap<string, ProgressHandler>,
): void {
  const dispatch = transport.onmessage;
  transport.onmessage = (message, extra) => {
    const m = message as { method?: string; params?: { progressToken?: unknown } };
    if (m.method === 'notifications/progress' && typeof m.params?.progressToken === 'string') {
      const handler = handlers.get(m.params.progressToken);
      if (handler) {
        handler(m.params as { progress: number; total?: number; message?: string });
        return;
      }
    }
    dispatch?.call(transport, message, extra);
  };
}
