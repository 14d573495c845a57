import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DESKTOP_SETTINGS_DEFAULTS,
  desktopSettingsOptions,
  type DesktopSettings,
} from './desktop-settings.js';

// electron-store is Conf plus Electron's paths; these are the options the app opens it with.

let dir: string | undefined;
let store: Conf<DesktopSettings> | undefined;
const open = () => {
  dir ??= mkdtempSync(join(tmpdir(), 'sb-desktop-settings-'));
  store = new Conf<DesktopSettings>(desktopSettingsOptions(dir, '0.1.0'));
  return store;
};

afterEach(() => {
  store?._closeWatcher();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('desktop settings', () => {
  it('starts from the defaults in desktop-settings.json, readable only by its owner', () => {
    const settings = open();
    expect(settings.get('window')).toEqual(DESKTOP_SETTINGS_DEFAULTS.window);
    expect(settings.get('approvalNotifications')).toBe(true);
    settings.set('approvalNotifications', false);
    expect(settings.path).toBe(join(dir!, 'desktop-settings.json'));
    expect(JSON.parse(readFileSync(settings.path, 'utf8')).approvalNotifications).toBe(false);
    if (process.platform !== 'win32') expect(statSync(settings.path).mode & 0o777).toBe(0o600);
  });

  it('refuses values outside the schema', () => {
    const settings = open();
    expect(() => settings.set('window', { width: 100, height: 780 })).toThrow(/width/);
    expect(() => settings.set('approvalNotifications', 'yes' as never)).toThrow();
    expect(settings.get('window').width).toBe(1180);
  });

  it('reports a file edited into something invalid instead of clearing it', () => {
    open().set('window', { width: 900, height: 600, x: 10, y: 20 });
    store?._closeWatcher();
    writeFileSync(join(dir!, 'desktop-settings.json'), '{"approvalNotifications":"maybe"}');
    expect(() => open()).toThrow(/approvalNotifications/);
  });

  it('tells listeners when a setting changes, also when the file is edited', async () => {
    const settings = open();
    const seen = vi.fn();
    settings.onDidChange('approvalNotifications', seen);
    settings.set('approvalNotifications', false);
    expect(seen).toHaveBeenLastCalledWith(false, true);
    const other = new Conf<DesktopSettings>(desktopSettingsOptions(dir!, '0.1.0'));
    other.set('approvalNotifications', true);
    await vi.waitFor(() => expect(seen).toHaveBeenLastCalledWith(true, false), { timeout: 10_000 });
  });
});
