import {
  CONTROL_METHODS,
  EVENT_CHANNEL,
  channelOf,
  unwrapResult,
  type ControlApi,
  type ControlEvent,
  type ControlMethod,
  type ControlResult,
  type SwitchboardBridge,
} from '../../shared/control.js';
import { createDispatch } from './dispatch.js';

/**
 * The IPC bridge derived from the contract, in plain functions so both halves run under Node:
 * the renderer half (`createBridge`, what the preload exposes as `window.switchboard`) and the
 * main half (`createIpcHandlers`, what desktop/ipc.ts registers). Nothing here is per method.
 */

/** Sends one request on a channel and resolves with the main side's envelope (`ipcRenderer.invoke`). */
export type BridgeInvoke = (channel: string, input: unknown) => Promise<unknown>;

/** Listens on a channel for event payloads only (never the IPC event object); returns an unsubscribe. */
export type BridgeListen = (channel: string, listener: (payload: unknown) => void) => () => void;

/** Builds `window.switchboard`: one function per control method, plus `subscribe`. */
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

/** Handles one IPC request: untrusted input in, an envelope out; never throws. */
export type IpcHandler = (input: unknown) => Promise<ControlResult<unknown>>;

/**
 * The handler of every control method, keyed by method: each validates its input with
 * `controlInputs` (the renderer is untrusted) and answers with a `ControlResult`, errors as values.
 */
export function createIpcHandlers(
  control: ControlApi,
  onInternalError?: (error: unknown) => void,
): Record<ControlMethod, IpcHandler> {
  const dispatch = createDispatch(control, onInternalError);
  return Object.fromEntries(
    CONTROL_METHODS.map((method) => [method, (input: unknown) => dispatch(method, input)]),
  ) as Record<ControlMethod, IpcHandler>;
}
