import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PATH_MARKER,
  loginShellCommand,
  mergePaths,
  parseLoginShellPath,
} from './login-shell-path.js';

describe('loginShellCommand', () => {
  it('uses $SHELL when it is an absolute path, else zsh', () => {
    expect(loginShellCommand('/opt/homebrew/bin/fish').file).toBe('/opt/homebrew/bin/fish');
    expect(loginShellCommand(undefined).file).toBe('/bin/zsh');
    expect(loginShellCommand('bash').file).toBe('/bin/zsh');
    expect(loginShellCommand('/bin/sh -c evil').file).toBe('/bin/zsh');
    expect(loginShellCommand('/bin/bash').args[0]).toBe('-ilc');
  });

  it.skipIf(!existsSync('/bin/bash'))('prints a PATH the parser reads back (real bash)', () => {
    const { args } = loginShellCommand('/bin/bash');
    const run = (script: string) =>
      execFileSync('/bin/bash', ['-c', script], {
        env: { PATH: '/usr/bin:/bin' },
        encoding: 'utf8',
      });
    expect(parseLoginShellPath(run(args[1]!))).toBe(run('printf %s "$PATH"'));
  });
});

describe('parseLoginShellPath', () => {
  it('reads the PATH between the markers, ignoring rc-file noise', () => {
    const output = `Welcome!\n\x1b[32m~\x1b[0m ${PATH_MARKER}/opt/homebrew/bin:/usr/bin${PATH_MARKER}\nbye`;
    expect(parseLoginShellPath(output)).toBe('/opt/homebrew/bin:/usr/bin');
  });

  it('drops relative and empty entries, and escapes inside the PATH', () => {
    const output = `${PATH_MARKER}\x1b[0m/usr/bin::.:bin:/bin${PATH_MARKER}`;
    expect(parseLoginShellPath(output)).toBe('/usr/bin:/bin');
  });

  it('gives up on output without both markers or without entries', () => {
    expect(parseLoginShellPath('zsh: command not found')).toBeUndefined();
    expect(parseLoginShellPath(`${PATH_MARKER}/usr/bin`)).toBeUndefined();
    expect(parseLoginShellPath(`${PATH_MARKER}${PATH_MARKER}`)).toBeUndefined();
  });
});

describe('mergePaths', () => {
  it('puts the login PATH first and keeps what only the current PATH has', () => {
    expect(mergePaths('/opt/homebrew/bin:/usr/bin', '/usr/bin:/bin:/usr/bin')).toBe(
      '/opt/homebrew/bin:/usr/bin:/bin',
    );
    expect(mergePaths(undefined, '/usr/bin')).toBe('/usr/bin');
  });
});
