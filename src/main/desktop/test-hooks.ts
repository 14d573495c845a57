import type { App } from 'electron';
import type { ControlApi } from '../../shared/control.js';
import type { ViewRoute } from '../control/tray-model.js';
import type { TrayShell } from './tray.js';

/** What e2e/desktop.spec.ts reaches through `electronApp.evaluate` (functions there cannot import). */
export interface TestHooks {
  tray: TrayShell;
  control: ControlApi;
  endpointUrl: string;
  show(route?: ViewRoute): void;
}

/**
 * Puts the hooks on `globalThis.switchboardTest` — only in an unpackaged build started with
 * SWITCHBOARD_E2E=1 (what the Playwright fixture does); never in the shipped app.
 */
export function exposeTestHooks(app: App, hooks: TestHooks): void {
  if (app.isPackaged || process.env.SWITCHBOARD_E2E !== '1') return;
  (globalThis as { switchboardTest?: TestHooks }).switchboardTest = hooks;
}
