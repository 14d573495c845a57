import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  CONTROL_METHODS,
  EVENT_CHANNEL,
  channelOf,
  unwrapResult,
  type ControlApi,
  type ControlEvent,
  type ControlResult,
  type SwitchboardBridge,
} from '../shared/control';

/*
 * window.switchboard, derived from src/shared/control.ts: one loop over the methods, nothing
 * per method. Sandboxed, so it may import only electron and the contract (bundled, CJS). The
 * same derivation lives in src/main/control/bridge.ts (createBridge), tested under Node; this
 * file cannot import it (the preload must not reach into main/).
 */

const api = Object.fromEntries(
  CONTROL_METHODS.map((method) => [
    method,
    async (input?: unknown) =>
      unwrapResult((await ipcRenderer.invoke(channelOf(method), input)) as ControlResult<unknown>),
  ]),
) as unknown as ControlApi;

function subscribe(listener: (event: ControlEvent) => void): () => void {
  // The IpcRendererEvent (sender, ports) never reaches the page: only the payload does.
  const forward = (_event: IpcRendererEvent, payload: ControlEvent) => listener(payload);
  ipcRenderer.on(EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  };
}

contextBridge.exposeInMainWorld('switchboard', { ...api, subscribe } satisfies SwitchboardBridge);
