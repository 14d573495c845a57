import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './data-dir.js';

describe('resolveDataDir', () => {
  const home = '/home/ann';
  it('prefers the flag, then SWITCHBOARD_DATA_DIR', () => {
    const env = { SWITCHBOARD_DATA_DIR: '/env/dir' };
    expect(resolveDataDir({ flag: '/flag', env, home })).toBe('/flag');
    expect(resolveDataDir({ env, home })).toBe('/env/dir');
    expect(resolveDataDir({ flag: 'rel', env: {}, home })).toBe(path.resolve('rel'));
  });

  it("matches Electron's userData folder on each OS", () => {
    expect(resolveDataDir({ env: {}, platform: 'darwin', home })).toBe(
      '/home/ann/Library/Application Support/Switchboard',
    );
    expect(resolveDataDir({ env: {}, platform: 'linux', home })).toBe(
      '/home/ann/.config/Switchboard',
    );
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '/x' }, platform: 'linux', home })).toBe(
      '/x/Switchboard',
    );
    const win = { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' };
    expect(resolveDataDir({ env: win, platform: 'win32', home: 'C:\\Users\\ann' })).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\Switchboard',
    );
    expect(resolveDataDir({ env: {}, platform: 'win32', home: 'C:\\Users\\ann' })).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\Switchboard',
    );
  });
});
