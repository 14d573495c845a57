import {
  CONTROL_METHODS,
  EVENT_CHANNEL,
  channelOf,
  unwrapResult,
  type ControlApi,
  type ControlEvent,
  type ControlResult,
  type SwitchboardBridge,
} from './control.js';

/** Sends one request on a channel and resolves with the main side's envelope (`ipcRenderer.invoke`). */
export type BridgeInvoke = (channel: string, input: unknown) => Promise<unknown>;

/** Listens on a channel for event payloads only (never the IPC event object); returns an unsubscribe. */
export type BridgeListen = (channel: string, listener: (payload: unknown) => void) => () => void;

/**
 * `window.switchboard`, derived from the contract: one function per control method plus
 * `subscribe`, nothing written per method. The preload builds it from `ipcRenderer`; its main
 * half is control/bridge.ts (`createIpcHandlers`). Pure TypeScript, so the sandboxed preload
 * can bundle it and tests can run it under Node.
 */
export function createBridge(invoke: BridgeInvoke, listen: BridgeListen): SwitchboardBridge {
  const api = Object.fromEntries(
    CONTROL_METHODS.map((method) => [
      method,
      async (input?: unknown) =>
        unwrapResult((await invoke(channelOf(method), input)) as ControlResult<unknown>),
    ]),
  ) as unknown as ControlApi;
  const subscribe = (listener: (event: ControlEvent) => void) =>
    listen(EVENT_CHANNEL, (payload) => listener(payload as ControlEvent));
  return { ...api, subscribe };
}
