import { BrowserWindow, type App } from 'electron';
import { routeHash, type ViewRoute } from '../control/tray-model.js';
import { MIN_WINDOW, type WindowBounds } from './desktop-settings.js';
import { SECURE_WEB_PREFERENCES } from './security.js';

/** The one control-center window: created on first use, hidden (not destroyed) on close. */
export interface WindowManager {
  /** Shows the window (creating it if needed), at `route` when given. */
  show(route?: ViewRoute): BrowserWindow;
  /** The window, if it exists. */
  current(): BrowserWindow | undefined;
  /** From now on, closing really closes (called once the app is quitting). */
  allowClose(): void;
}

/** Where the window's page and preload are. */
export interface WindowOptions {
  app: App;
  /** The page: the `file://` URL of the built index.html, or the dev server URL. */
  appUrl: string;
  /** Absolute path of the built preload (`out/preload/index.cjs`). */
  preload: string;
  icon?: string;
  /** Where the window was last (desktop settings); it opens there and saves each move. */
  bounds?: { get(): WindowBounds; set(bounds: WindowBounds): void };
}

/** Creates the window manager; no window exists until `show` is first called. */
export function createWindowManager(options: WindowOptions): WindowManager {
  let window: BrowserWindow | undefined;
  let closable = false;

  const create = (route?: ViewRoute): BrowserWindow => {
    const win = new BrowserWindow({
      width: 1180,
      height: 780,
      ...options.bounds?.get(),
      minWidth: MIN_WINDOW.width,
      minHeight: MIN_WINDOW.height,
      show: false,
      title: 'Switchboard',
      ...(options.icon ? { icon: options.icon } : {}),
      webPreferences: { ...SECURE_WEB_PREFERENCES, preload: options.preload },
    });
    win.once('ready-to-show', () => reveal(options.app, win));
    const save = () => options.bounds?.set(roundBounds(win.getNormalBounds()));
    win.on('resized', save); // both fire once a move or resize ends (macOS, Windows)
    win.on('moved', save);
    win.on('close', (event) => {
      // A menu-bar app keeps running with its window closed; only quitting closes it for good.
      if (closable) return;
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => {
      window = undefined;
    });
    void win.loadURL(urlFor(options.appUrl, route));
    return win;
  };

  return {
    show(route) {
      if (!window || window.isDestroyed()) {
        window = create(route);
        return window;
      }
      if (route) void window.loadURL(urlFor(options.appUrl, route));
      reveal(options.app, window);
      return window;
    },
    current: () => (window && !window.isDestroyed() ? window : undefined),
    allowClose() {
      closable = true;
    },
  };
}

function roundBounds(b: Electron.Rectangle): WindowBounds {
  const width = Math.max(MIN_WINDOW.width, Math.round(b.width));
  const height = Math.max(MIN_WINDOW.height, Math.round(b.height));
  return { width, height, x: Math.round(b.x), y: Math.round(b.y) };
}

function urlFor(appUrl: string, route: ViewRoute | undefined): string {
  // Only the fragment changes between views, so a shown window navigates in place.
  return route ? appUrl.replace(/#.*$/, '') + routeHash(route) : appUrl;
}

function reveal(app: App, win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  // A menu-bar app is not the active app when its tray menu is used; bring the window forward.
  if (process.platform === 'darwin') app.focus({ steal: true });
  win.focus();
}
