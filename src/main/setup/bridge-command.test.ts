import { describe, expect, it } from 'vitest';
import { BRIDGE_FLAG } from '../../shared/bridge-flag.js';
import { bridgeCommand } from './bridge-command.js';

const url = 'http://127.0.0.1:37373/mcp';

describe('bridgeCommand', () => {
  it('runs bin/switchboard.cjs with this Node, by absolute paths, the key in env', () => {
    const runtime = { execPath: '/opt/node/bin/node', appRoot: '/opt/switchboard' };
    expect(bridgeCommand(url, 'sb_k', runtime)).toEqual({
      command: '/opt/node/bin/node',
      args: ['/opt/switchboard/bin/switchboard.cjs', 'connect', '--url', url],
      env: { SWITCHBOARD_KEY: 'sb_k' },
    });
  });

  it('runs the packaged app binary itself with the bridge flag', () => {
    const runtime = {
      execPath: '/Applications/Switchboard.app/Contents/MacOS/Switchboard',
      electron: '45.5.0',
      appRoot: '/Applications/Switchboard.app/Contents/Resources/app.asar',
    };
    expect(bridgeCommand(url, 'sb_k', runtime)).toEqual({
      command: runtime.execPath,
      args: [BRIDGE_FLAG, 'connect', '--url', url],
      env: { SWITCHBOARD_KEY: 'sb_k' },
    });
  });

  it('names the app folder first when Electron runs it unpackaged', () => {
    const runtime = { execPath: '/e/electron', electron: '45', defaultApp: true, appRoot: '/src' };
    expect(bridgeCommand(url, 'k', runtime).args).toEqual([
      '/src',
      BRIDGE_FLAG,
      'connect',
      '--url',
      url,
    ]);
  });
});
