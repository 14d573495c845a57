import type { SwitchboardBridge } from '../../../shared/control';
import type { ConnectionState, ControlClient } from './connection';
import { takeControlToken } from './control-token';
import { createHttpControlClient } from './http-control-client';

/**
 * Picks the transport: the Electron preload's `window.switchboard` when present, else HTTP to
 * the gateway that served this page: the token taken from the URL fragment buys a browser
 * session (cookie), and a reload, bookmark or new tab rides on that session.
 */
export function createControlClient(): ControlClient {
  const bridge = window.switchboard;
  if (bridge) return createBridgeClient(bridge);
  const token = takeControlToken(window.location, window.history);
  return createHttpControlClient({ token });
}

/** IPC never drops while the window lives, so its stream is always connected. */
function createBridgeClient(bridge: SwitchboardBridge): ControlClient {
  return {
    api: bridge,
    transport: 'ipc',
    subscribe: (listener) => bridge.subscribe(listener),
    watchConnection(watcher: (state: ConnectionState) => void) {
      watcher('connected');
      return () => {};
    },
  };
}
