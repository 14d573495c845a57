import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../ports.js';
import { createLogger, silentLogger } from './logger.js';
import { MASK, createRedactor, isSecretKeyName } from './redact.js';

const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

describe('createRedactor().text', () => {
  const r = createRedactor();

  it.each([
    ['PEM block', `key: ${PEM} done`, `key: ${MASK} done`],
    ['OPENSSH PEM cut short', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk', MASK],
    ['ghp_', 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789 end', `token ${MASK} end`],
    ['gho_', 'gho_16C7e42F292c6912E7710c838347Ae178B4a', MASK],
    ['github_pat_', 'x=github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', `x=${MASK}`],
    ['AKIA', 'aws AKIAIOSFODNN7EXAMPLE here', `aws ${MASK} here`],
    ['sk-', 'OPENAI sk-proj-abcdefghijklmnopqrstuvwx1234', `OPENAI ${MASK}`],
    ['xoxb-', 'slack xoxb-123456789012-abcdefghijkl', `slack ${MASK}`],
    ['xoxp-', 'xoxp-1234567890-abcdef', MASK],
    [
      'Bearer',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc',
      `Authorization: Bearer ${MASK}`,
    ],
    ['bearer lower-case', 'bearer sb_AAAAAAAAAAAAAAA', `bearer ${MASK}`],
    [
      'query token',
      'GET https://x.test/a?access_token=abc123&b=1',
      `GET https://x.test/a?access_token=${MASK}&b=1`,
    ],
  ])('masks %s', (_name, input, expected) => {
    expect(r.text(input)).toBe(expected);
  });

  it.each([
    'skip the task-1 and ask later',
    'task-12345678901234567890123456',
    'desk-abcdefghijklmnopqrstuvwxyz',
    'the AKIA prefix alone',
    'Bearer',
    'a bearer of news',
    'ghp_short',
    'sk-short',
    'ordinary log line: server filesystem ready in 120 ms',
  ])('leaves %j alone', (input) => {
    expect(r.text(input)).toBe(input);
  });
});

describe('known secrets', () => {
  it('masks known values of 6+ characters, wherever they appear, and ignores shorter ones', () => {
    const r = createRedactor(['hunter22', 'abc', 'a.b*c+d(e)']);
    expect(r.text('pw=hunter22;x')).toBe(`pw=${MASK};x`);
    expect(r.text('abc is short')).toBe('abc is short');
    expect(r.text('regex chars a.b*c+d(e) stay literal, aXb*c+d(e) does not match')).toBe(
      `regex chars ${MASK} stay literal, aXb*c+d(e) does not match`,
    );
  });

  it('masks secrets added later, the longer one whole', () => {
    const r = createRedactor();
    expect(r.text('tok-secret-value-long')).toBe('tok-secret-value-long');
    r.add('secret');
    r.add('tok-secret-value-long');
    r.add('tiny');
    expect(r.text('tok-secret-value-long and secret and tiny')).toBe(
      `${MASK} and ${MASK} and tiny`,
    );
  });
});

describe('createRedactor().value', () => {
  const r = createRedactor(['my-known-secret']);

  it('masks secret-named keys, strings inside, and leaves the input untouched', () => {
    const input = {
      server: 'github',
      env: { GITHUB_TOKEN: 'abc', PATH: '/usr/bin' },
      headers: { Authorization: 'Basic xyz', 'X-Api-Key': 'k', cookie: 'c=1' },
      nested: [{ password: 'p', note: 'uses my-known-secret' }],
      apiKey: 'v',
      api_key: 'v',
      private_key: 'v',
      monkey: 'banana',
      keys: 3,
      maxTokens: 512,
      token: '',
    };
    const before = structuredClone(input);
    expect(r.value(input)).toEqual({
      server: 'github',
      env: { GITHUB_TOKEN: MASK, PATH: '/usr/bin' },
      headers: { Authorization: MASK, 'X-Api-Key': MASK, cookie: MASK },
      nested: [{ password: MASK, note: `uses ${MASK}` }],
      apiKey: MASK,
      api_key: MASK,
      private_key: MASK,
      monkey: 'banana',
      keys: 3,
      maxTokens: 512,
      token: '',
    });
    expect(input).toEqual(before);
  });

  it('handles cycles, depth, errors, maps, sets, dates and binary', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    const shared = { x: 1 };
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20; i += 1) deep = { deep };
    const error = Object.assign(new Error('failed with ghp_abcdefghijklmnopqrstuvwxyz0123'), {
      code: 'E1',
      secret: 'x',
    });
    const out = r.value({
      cyclic,
      pair: [shared, shared],
      deep,
      error,
      map: new Map([['token', 'x']]),
      set: new Set(['my-known-secret']),
      when: new Date(0),
      bytes: Buffer.from('abc'),
      fn: () => 1,
    }) as Record<string, unknown>;
    expect(out.cyclic).toEqual({ name: 'a', self: '[Circular]' });
    expect(out.pair).toEqual([{ x: 1 }, { x: 1 }]);
    expect(JSON.stringify(out.deep)).toContain('[Depth]');
    expect(out.error).toMatchObject({
      type: 'Error',
      message: `failed with ${MASK}`,
      code: 'E1',
      secret: MASK,
    });
    expect(out.map).toEqual({ token: MASK });
    expect(out.set).toEqual([MASK]);
    expect(out.when).toEqual(new Date(0));
    expect(out.bytes).toBe('[Binary 3 bytes]');
    expect(out.fn).toBe('[Function]');
  });

  it('passes primitives through and masks top-level strings', () => {
    expect(r.value(42)).toBe(42);
    expect(r.value(null)).toBeNull();
    expect(r.value('my-known-secret')).toBe(MASK);
  });
});

describe('isSecretKeyName', () => {
  it.each([
    'token',
    'accessToken',
    'CLIENT_SECRET',
    'passwd',
    'apikey',
    'api-key',
    'Authorization',
    'Set-Cookie',
    'privateKey',
    'key',
    'x-api-key',
  ])('flags %s', (name) => expect(isSecretKeyName(name)).toBe(true));
  it.each(['name', 'keys', 'monkey', 'keyboard', 'author', 'path'])('does not flag %s', (name) =>
    expect(isSecretKeyName(name)).toBe(false),
  );
});

describe('createLogger (the redactor in use)', () => {
  it('masks messages, objects, errors and bindings in every line', () => {
    const lines: string[] = [];
    const log = createLogger({
      level: 'debug',
      redactor: createRedactor(['known-secret-1']),
      destination: { write: (line: string) => void lines.push(line) },
    });
    const child = log.child({ token: 'abc', server: 'gh' }).child({ password: 'pw', depth: 2 });
    child.info({ env: { API_KEY: 'k' }, note: 'known-secret-1' }, 'got Bearer abcdefghijkl');
    log.error(new Error('boom ghp_abcdefghijklmnopqrstuvwxyz0123'));
    log.warn('plain %s', 'known-secret-1');
    const [first, second, third] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({
      token: MASK,
      server: 'gh',
      password: MASK,
      depth: 2,
      env: { API_KEY: MASK },
      note: MASK,
      msg: `got Bearer ${MASK}`,
    });
    expect(second).toMatchObject({
      err: { type: 'Error', message: `boom ${MASK}` },
      msg: `boom ${MASK}`,
    });
    expect(third?.msg).toBe(`plain ${MASK}`);
    expect(lines.join('')).not.toMatch(/known-secret-1|ghp_a|abcdefghijkl/);
  });

  it('masks a secret added after the logger was made, through the Logger port', () => {
    const lines: string[] = [];
    const redactor = createRedactor();
    const log: Logger = createLogger({
      level: 'info',
      redactor,
      destination: { write: (line: string) => void lines.push(line) },
    });
    // A server's secret becomes known only once its config is read, after logging began.
    redactor.add('late-secret-42');
    log
      .child({ server: 'gh' })
      .info(
        { upstream: { env: { NOTE: 'uses late-secret-42' }, args: ['--x', 'late-secret-42'] } },
        'starting with late-secret-42 and the rest',
      );
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      server: 'gh',
      upstream: { env: { NOTE: `uses ${MASK}` }, args: ['--x', MASK] },
      msg: `starting with ${MASK} and the rest`,
    });
    expect(lines.join('')).not.toContain('late-secret-42');
  });

  it('has a silent logger that writes nothing and stays silent in children', () => {
    const written: unknown[] = [];
    const capture = (chunk: unknown): boolean => written.push(chunk) > 0;
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      const child: Logger = silentLogger.child({ token: 'abc' });
      expect(child).toBe(silentLogger);
      child.info({ b: 2 }, 'x');
      child.error('y');
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(written).toEqual([]);
  });
});
