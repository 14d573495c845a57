import { describe, expect, it } from 'vitest';
import { allowedHosts, allowedOrigins, hostProblem, originProblem } from './guards.js';

const PORT = 37373;
const hosts = allowedHosts(PORT);
const origins = allowedOrigins(PORT);

describe('allowedHosts / allowedOrigins', () => {
  it('lists the three loopback names with our port', () => {
    expect([...hosts].sort()).toEqual(['127.0.0.1:37373', '[::1]:37373', 'localhost:37373']);
    expect([...origins].sort()).toEqual([
      'http://127.0.0.1:37373',
      'http://[::1]:37373',
      'http://localhost:37373',
    ]);
  });
});

describe('hostProblem', () => {
  it.each(['127.0.0.1:37373', 'localhost:37373', '[::1]:37373'])('accepts %s', (host) => {
    expect(hostProblem(host, hosts)).toBeUndefined();
  });

  it('ignores case (host names are case-insensitive)', () => {
    expect(hostProblem('LocalHost:37373', hosts)).toBeUndefined();
  });

  it('refuses a missing or empty Host header', () => {
    expect(hostProblem(undefined, hosts)).toBe('the request has no Host header');
    expect(hostProblem('', hosts)).toBe('the request has no Host header');
  });

  it.each([
    ['a foreign name (DNS rebinding)', 'evil.example:37373'],
    ['a foreign name without a port', 'evil.example'],
    ['our name with another port', 'localhost:8080'],
    ['our name without a port', 'localhost'],
    ['IPv6 loopback without brackets', '::1:37373'],
    ['IPv6 loopback without a port', '[::1]'],
    ['another loopback address', '127.0.0.2:37373'],
    ['a name that only starts like ours', 'localhost.evil.example:37373'],
    ['a trailing dot', 'localhost.:37373'],
  ])('refuses %s', (_what, host) => {
    expect(hostProblem(host, hosts)).toBe(`Host ${JSON.stringify(host)} is not this gateway`);
  });
});

describe('originProblem', () => {
  it('accepts a request without Origin (agents are not browsers)', () => {
    expect(originProblem(undefined, origins)).toBeUndefined();
  });

  it.each(['http://127.0.0.1:37373', 'http://localhost:37373', 'http://[::1]:37373'])(
    'accepts our own page %s',
    (origin) => {
      expect(originProblem(origin, origins)).toBeUndefined();
    },
  );

  it('ignores case', () => {
    expect(originProblem('HTTP://LOCALHOST:37373', origins)).toBeUndefined();
  });

  it.each([
    ['a foreign page', 'https://evil.example'],
    ['our host over https', 'https://localhost:37373'],
    ['our host with another port', 'http://localhost:8080'],
    ['our host without a port', 'http://localhost'],
    ['"null" (sandboxed frames, file: pages)', 'null'],
    ['an empty Origin', ''],
    ['a trailing slash', 'http://localhost:37373/'],
  ])('refuses %s', (_what, origin) => {
    expect(originProblem(origin, origins)).toBe(`Origin ${JSON.stringify(origin)} is not allowed`);
  });

  it('refuses a header sent twice, which Node joins with ", "', () => {
    expect(originProblem('http://localhost:37373, https://evil.example', origins)).toBe(
      'the request carries several Origins',
    );
    expect(originProblem('http://localhost:37373, http://localhost:37373', origins)).toBe(
      'the request carries several Origins',
    );
  });

  it('refuses an array of Origins, even of one allowed value', () => {
    expect(originProblem(['http://localhost:37373'], origins)).toBe(
      'the request carries several Origins',
    );
    expect(originProblem([], origins)).toBe('the request carries several Origins');
  });
});
