import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createBridge } from '../shared/bridge';

/*
 * window.switchboard: the bridge derived from src/shared/control.ts (src/shared/bridge.ts), fed
 * by ipcRenderer. Sandboxed, so it imports only electron and src/shared (bundled, CJS).
 * test/preload-bundle.test.ts runs the built file as it ships.
 */

contextBridge.exposeInMainWorld(
  'switchboard',
  createBridge(
    (channel, input) => ipcRenderer.invoke(channel, input),
    (channel, listener) => {
      // The IpcRendererEvent (sender, ports) never reaches the page: only the payload does.
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
  ),
);
