import { afterEach, describe, expect, it, vi } from 'vitest';
import { BASE_ENV_NAMES, childEnv } from './child-env.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('childEnv', () => {
  it('copies only the base variables that are set, then the configured ones', () => {
    const source = {
      PATH: '/usr/bin',
      HOME: '/home/me',
      SECRET_X: 'gateway-secret',
      OPENAI_API_KEY: 'sk-nope',
      SWITCHBOARD_CONTROL_TOKEN: 'sbc_nope',
      NODE_OPTIONS: '--inspect',
    };
    const env = childEnv({ GITHUB_TOKEN: 'configured' }, source);
    const expected: Record<string, string> = { GITHUB_TOKEN: 'configured' };
    if (BASE_ENV_NAMES.includes('PATH')) expected.PATH = '/usr/bin';
    if (BASE_ENV_NAMES.includes('HOME')) expected.HOME = '/home/me';
    expect(env).toEqual(expected);
  });

  it('lets a configured value override a base one', () => {
    expect(childEnv({ PATH: '/opt/bin' }, { PATH: '/usr/bin' }).PATH).toBe('/opt/bin');
  });

  it('leaves unset base variables out instead of passing "undefined"', () => {
    const env = childEnv({}, {});
    expect(env).toEqual({});
    expect(Object.values(childEnv({}, { PATH: undefined }))).toEqual([]);
  });

  it('does not mutate its inputs', () => {
    const configured = { A: '1' };
    const source = { PATH: '/bin' };
    childEnv(configured, source);
    expect(configured).toEqual({ A: '1' });
    expect(source).toEqual({ PATH: '/bin' });
  });

  it("never passes the gateway's own environment by default (process.env)", () => {
    vi.stubEnv('SECRET_X', 'gateway-secret');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'aws');
    const env = childEnv({ CONFIGURED: 'yes' });
    expect(env.SECRET_X).toBeUndefined();
    expect(env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
    expect(env.CONFIGURED).toBe('yes');
    for (const name of Object.keys(env)) {
      expect([...BASE_ENV_NAMES, 'CONFIGURED']).toContain(name);
    }
    for (const name of BASE_ENV_NAMES) {
      if (process.env[name] !== undefined) expect(env[name]).toBe(process.env[name]);
    }
  });

  it.runIf(process.platform !== 'win32')('uses the POSIX base list on POSIX', () => {
    expect([...BASE_ENV_NAMES].sort()).toEqual(
      ['HOME', 'LANG', 'LC_ALL', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'TMPDIR', 'USER'].sort(),
    );
  });
});
