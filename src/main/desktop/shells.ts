import type { App } from 'electron';
import { removeRuntimeFile, writeRuntimeFile } from '../cli/runtime-file-writer.js';
import type { Switchboard } from '../compose.js';
import type { Logger, Redactor } from '../gateway/index.js';
import type { DesktopSettingsStore } from './desktop-settings-store.js';
import { registerIpc } from './ipc.js';
import { showApprovalNotifications, showSignInNotifications } from './notifications.js';
import { exposeTestHooks } from './test-hooks.js';
import type { TrayShell } from './tray.js';
import type { WindowManager } from './windows.js';

/** What the shells are connected with once the Switchboard runs. */
export interface ShellOptions {
  app: App;
  switchboard: Switchboard;
  dataDir: string;
  tray: TrayShell;
  windows: WindowManager;
  /** Our page's URL, for the IPC sender check. */
  appUrl: string;
  logger: Logger;
  redactor: Redactor;
  settings: DesktopSettingsStore;
  notify(message: string): void;
}

/**
 * Connects the shells to a running Switchboard: IPC for the window, approval and sign-in
 * notifications, the tray menu, the runtime file (so `switchboard connect` and the admin CLI
 * find this gateway), and the start-up notices. Returns the undo, run before the Switchboard stops.
 */
export async function connectShells(options: ShellOptions): Promise<() => void> {
  const { app, switchboard, tray, windows, notify, dataDir } = options;
  const { control } = switchboard;
  const open = (route?: Parameters<WindowManager['show']>[0]) => void windows.show(route);
  const undoIpc = registerIpc({ control, windows, appUrl: options.appUrl, logger: options.logger });
  const undoNotices = showApprovalNotifications({
    control,
    open,
    onError: notify,
    redactor: options.redactor,
    enabled: {
      get: () => options.settings.get('approvalNotifications'),
      onChange: (listener) =>
        options.settings.onDidChange('approvalNotifications', (on) => listener(on !== false)),
    },
  });
  const undoSignInNotices = showSignInNotifications({
    control,
    open,
    redactor: options.redactor,
  });
  writeRuntimeFile(dataDir, switchboard.endpoint.origin);
  for (const warning of switchboard.warnings) notify(warning);
  if (switchboard.adminKeyFile) {
    notify(`First run: the admin key for your agents is in ${switchboard.adminKeyFile}`);
  }
  await tray.attach(control);
  exposeTestHooks(app, { tray, control, endpointUrl: switchboard.endpointUrl, show: open });
  return () => {
    removeRuntimeFile(dataDir);
    undoNotices();
    undoSignInNotices();
    undoIpc();
    tray.destroy();
  };
}
