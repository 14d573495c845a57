import { describe, expect, it } from 'vitest';
import { planAppLaunch, unpackedPath } from './app-launch.js';

const exe = '/Applications/Switchboard.app/Contents/MacOS/Switchboard';
const app = '/Applications/Switchboard.app/Contents/Resources/app.asar';

describe('planAppLaunch', () => {
  it('runs a script given to the app binary in a utility process, flags to execArgv', () => {
    const env = { ELECTRON_RUN_AS_NODE: '1' };
    const script = `${app}/out/main/servers/database.cjs`;
    expect(
      planAppLaunch(exe, ['--no-warnings', script, 'sqlite', '/d.db'], env, undefined, exe),
    ).toEqual({
      kind: 'utility',
      entry: script,
      args: ['sqlite', '/d.db'],
      execArgv: ['--no-warnings'],
    });
  });

  it('spawns an executable inside app.asar from app.asar.unpacked', () => {
    const tool = `${app}/node_modules/@negokaz/excel-mcp-server/dist/x_darwin_arm64/excel-mcp-server`;
    expect(planAppLaunch(tool, [], {}, `${app}/node_modules`, exe)).toEqual({
      kind: 'spawn',
      command: tool.replace('app.asar/', 'app.asar.unpacked/'),
      args: [],
      cwd: `${app}.unpacked/node_modules`,
    });
  });

  it('leaves other commands and the app binary without RunAsNode alone', () => {
    expect(planAppLaunch('npx', ['-y', 'pkg'], {}, undefined, exe)).toEqual({
      kind: 'spawn',
      command: 'npx',
      args: ['-y', 'pkg'],
    });
    expect(planAppLaunch(exe, ['x.js'], {}, undefined, exe).kind).toBe('spawn');
  });
});

describe('unpackedPath', () => {
  it('maps only a whole app.asar segment', () => {
    expect(unpackedPath('C:\\Switchboard\\resources\\app.asar\\a.exe')).toBe(
      'C:\\Switchboard\\resources\\app.asar.unpacked\\a.exe',
    );
    expect(unpackedPath('/x/app.asarx/a')).toBe('/x/app.asarx/a');
    expect(unpackedPath('/x/app.asar.unpacked/a')).toBe('/x/app.asar.unpacked/a');
  });
});
