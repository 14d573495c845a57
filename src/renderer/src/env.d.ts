/// <reference types="vite/client" />
import type { SwitchboardBridge } from '../../shared/control';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the UI is served over HTTP. */
    switchboard?: SwitchboardBridge;
  }
}
