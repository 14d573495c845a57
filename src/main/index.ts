import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, session } from 'electron';
import { createSwitchboard, type Switchboard } from './compose.js';
import { resolveDataDir } from './data-dir.js';
import { createLogger, createRedactor } from './gateway/index.js';
import { createDesktopPorts } from './desktop/desktop-ports.js';
import { openDesktopSettings, windowBounds } from './desktop/desktop-settings-store.js';
import { createLoginItem } from './desktop/login-item.js';
import { adoptLoginShellPath } from './desktop/login-shell.js';
import { createDesktopNotifier } from './desktop/notifications.js';
import { createQuitGate } from './desktop/quit-gate.js';
import { installSecurity } from './desktop/security.js';
import { connectShells } from './desktop/shells.js';
import { createTrayShell } from './desktop/tray.js';
import { createWindowManager } from './desktop/windows.js';

// The Electron entry: the app's lifecycle, one function per app event; the rest is in desktop/.
const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolveDataDir({ flag: app.commandLine.getSwitchValue('data-dir') || undefined });
app.setPath('userData', dataDir); // one folder for `serve` and the app: config, lock, Chromium
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const appUrl = devUrl ?? pathToFileURL(join(here, '../renderer/index.html')).href;
const redactor = createRedactor();
const logFile = join(dataDir, 'logs', 'switchboard.log');
const logger = createLogger({ level: 'info', destination: logFile, redactor });
const notify = (message: string) => createDesktopNotifier().notify('Switchboard', message);
const settings = openDesktopSettings(dataDir, (warning) => logger.warn(warning));
const preload = join(here, '../preload/index.cjs');
const windows = createWindowManager({ app, appUrl, preload, bounds: windowBounds(settings) });
let switchboard: Switchboard | undefined;
let disconnect = (): void => {};
const quitGate = createQuitGate({
  stop: async () => {
    disconnect();
    await switchboard?.stop();
  },
  resume: () => app.quit(),
  onError: (error) => logger.error({ err: String(error) }, 'stopping Switchboard failed'),
});

async function onReady(): Promise<void> {
  installSecurity(app, session.defaultSession, devUrl);
  if (process.platform === 'darwin') app.dock?.hide(); // a menu-bar app (LSUIElement when packaged)
  const iconPath = join(here, '../../resources/tray/iconTemplate.png');
  const loginItem = createLoginItem(app);
  const tray = createTrayShell({ iconPath, app, windows, loginItem, onError: notify });
  await adoptLoginShellPath(logger);
  try {
    const ports = { dataDir, logger, redactor, portSwitch: app.commandLine.getSwitchValue('port') };
    switchboard = await createSwitchboard(createDesktopPorts(ports));
  } catch (error) {
    logger.error({ err: String(error) }, 'Switchboard failed to start');
    return tray.setError(error instanceof Error ? error.message : String(error));
  }
  const shells = { app, switchboard, dataDir, tray, windows, appUrl, logger, redactor, notify };
  disconnect = await connectShells({ ...shells, settings });
}

function onBeforeQuit(event: Electron.Event): void {
  windows.allowClose();
  quitGate.beforeQuit(event);
}

function onStartFailed(error: unknown): void {
  logger.error({ err: String(error) }, 'Switchboard failed to start');
  app.exit(1);
}

if (!app.requestSingleInstanceLock()) {
  app.quit(); // another Switchboard owns this data folder; it shows its window (second-instance)
} else {
  app.on('second-instance', () => windows.show());
  app.on('activate', () => windows.show()); // macOS: opened again from Finder or Spotlight
  app.on('window-all-closed', () => {}); // stays in the menu bar with no window open
  app.on('before-quit', onBeforeQuit);
  void app.whenReady().then(onReady).catch(onStartFailed);
}
