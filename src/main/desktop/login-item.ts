import type { App } from 'electron';

/** Start at login, through the OS login items (macOS and Windows; Linux has none to set). */
export interface LoginItem {
  /** Whether the app starts at login, or undefined where the OS has no login items. */
  get(): boolean | undefined;
  set(enabled: boolean): void;
}

/** The login item of this app. */
export function createLoginItem(app: App, platform: NodeJS.Platform = process.platform): LoginItem {
  const supported = platform === 'darwin' || platform === 'win32';
  return {
    get: () => (supported ? app.getLoginItemSettings().openAtLogin : undefined),
    set(enabled) {
      if (!supported) return;
      // Started at login, the app stays in the menu bar: the window opens only from the tray.
      app.setLoginItemSettings({ openAtLogin: enabled });
    },
  };
}
