import { renameSync } from 'node:fs';
import ElectronStore from 'electron-store';
import { VERSION } from '../compose.js';
import {
  desktopSettingsOptions,
  type DesktopSettings,
  type WindowBounds,
} from './desktop-settings.js';

/** The desktop's settings store (see desktop-settings.ts). */
export type DesktopSettingsStore = ElectronStore<DesktopSettings>;

/**
 * Opens `<dataDir>/desktop-settings.json`, migrating it to this version. A file that breaks the
 * schema is moved aside (`desktop-settings.invalid-<time>.json`, named in `onWarning`) and the
 * defaults are used: the window must open either way.
 */
export function openDesktopSettings(
  dataDir: string,
  onWarning: (message: string) => void,
): DesktopSettingsStore {
  const { configName, ...options } = desktopSettingsOptions(dataDir, VERSION);
  const open = () => new ElectronStore<DesktopSettings>({ ...options, name: configName });
  try {
    return open();
  } catch (error) {
    const file = `${dataDir}/${configName}.json`;
    const aside = `${dataDir}/${configName}.invalid-${Date.now()}.json`;
    renameSync(file, aside);
    onWarning(`${file} was not valid (${(error as Error).message}); moved to ${aside}.`);
    return open();
  }
}

/** The window's bounds in the settings, as windows.ts takes them. */
export function windowBounds(settings: DesktopSettingsStore): {
  get(): WindowBounds;
  set(bounds: WindowBounds): void;
} {
  return { get: () => settings.get('window'), set: (bounds) => settings.set('window', bounds) };
}
