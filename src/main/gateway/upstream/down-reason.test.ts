import { describe, expect, it } from 'vitest';
import { ServerConfigSchema, type ServerConfig } from '../../../shared/model.js';
import { configProblem, downReason, meaningfulLine } from './down-reason.js';
import { NoOAuthMetadataError } from './oauth/no-oauth-metadata.js';

const stdio = (over: Record<string, unknown> = {}): ServerConfig =>
  ServerConfigSchema.parse({
    id: 'pdfbad',
    transport: { type: 'stdio', command: '/usr/bin/node', args: ['server.js'], ...over },
  });
const http = (url: string): ServerConfig =>
  ServerConfigSchema.parse({ id: 'web', transport: { type: 'http', url } });
const enoent = Object.assign(new Error('spawn /usr/bin/node ENOENT'), { code: 'ENOENT' });
const existing = new Set(['/usr/bin/node', '/home']);
const exists = (p: string) => existing.has(p);

describe('downReason', () => {
  it('names a missing working folder instead of the command', () => {
    const reason = downReason(stdio({ cwd: '/no/such/folder' }), enoent, [], exists);
    expect(reason).toBe('folder /no/such/folder does not exist');
  });

  it('names a missing folder argument, plain or as --flag=value', () => {
    const plain = stdio({ args: ['server.js', '/no/such/dir'] });
    expect(downReason(plain, enoent, [], exists)).toBe('folder /no/such/dir does not exist');
    const flag = stdio({ args: ['--root=/nope'] });
    expect(downReason(flag, new Error('probe failed'), [], exists)).toBe(
      'folder /nope does not exist',
    );
  });

  it('names the missing folder of a file argument, with what the server said', () => {
    const config = stdio({ args: ['db.js', '/no/such/folder/x.db'] });
    const lines = ['Warning: cannot access it', 'Error: None of the directories are accessible'];
    expect(downReason(config, new Error('probe failed'), lines, exists)).toBe(
      'folder /no/such/folder does not exist (the server said: Error: None of the directories are accessible)',
    );
  });

  it('says a command was not found when the folders are there', () => {
    const config = stdio({ command: 'no-such-mcp-server' });
    const error = Object.assign(new Error('spawn no-such-mcp-server ENOENT'), { code: 'ENOENT' });
    expect(downReason(config, error, [], exists)).toMatch(
      /^command no-such-mcp-server was not found/,
    );
  });

  it('prefers the first meaningful stderr line to the SDK error', () => {
    const lines = [
      '',
      'Secure MCP Server running on stdio',
      'Error: database is locked',
      '    at x',
    ];
    expect(downReason(stdio(), new Error('Version negotiation probe failed'), lines, exists)).toBe(
      'Error: database is locked (the server wrote this to stderr; it could not start)',
    );
  });

  it('says a 401 without OAuth metadata wants an Authorization header, under any wrapping', () => {
    const url = 'https://api.example.test/mcp';
    const wrapped = new Error('Streamable HTTP error: 401', {
      cause: new NoOAuthMetadataError(url),
    });
    expect(downReason(http(url), wrapped, [])).toBe(
      'api.example.test answered 401 Unauthorized and publishes no OAuth metadata, so there is ' +
        "no sign-in to offer: add the Authorization header it expects (an API key or token) to this server's settings",
    );
  });

  it('tells refused, unknown host and TLS apart for HTTP servers', () => {
    const wrap = (code: string, message = code) =>
      new Error('fetch failed', { cause: Object.assign(new Error(message), { code }) });
    expect(downReason(http('http://127.0.0.1:9/mcp'), wrap('ECONNREFUSED'), [])).toBe(
      'connection refused by 127.0.0.1:9 (is the server running?)',
    );
    expect(downReason(http('https://mcp.example.invalid/mcp'), wrap('ENOTFOUND'), [])).toBe(
      'host mcp.example.invalid could not be found (DNS lookup failed)',
    );
    const tls = downReason(
      http('https://self.test/mcp'),
      wrap('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      [],
    );
    expect(tls).toBe(
      'TLS failed with self.test: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)',
    );
  });

  it('says credentials were refused, naming the host, whatever code the SDK adds', () => {
    const sdk = Object.assign(
      new Error('Version negotiation failed: the server requires authorization (HTTP 401)'),
      { code: 'UNAUTHORIZED' },
    );
    expect(downReason(http('https://api.example.com/mcp'), sdk, [])).toBe(
      'api.example.com:443 refused the credentials (HTTP 401): check the token or key this server is given',
    );
  });

  it('keeps an error it cannot explain as it is', () => {
    expect(downReason(http('http://h/mcp'), new Error('odd'), [])).toBe('odd');
  });
});

describe('meaningfulLine', () => {
  it('skips banners, blank lines and stack frames', () => {
    expect(meaningfulLine(['=====', 'Server started', '  at f (x.js:1)', 'bad root'])).toBe(
      'bad root',
    );
    expect(meaningfulLine(['', '   '])).toBeUndefined();
  });
});

describe('configProblem', () => {
  it('sees a missing folder or a command not on PATH without starting anything', () => {
    expect(configProblem(stdio({ cwd: '/no/such' }), exists, '/usr/bin')).toBe(
      'folder /no/such does not exist',
    );
    expect(configProblem(stdio(), exists, '/usr/bin')).toBeUndefined();
    const bare = stdio({ command: 'node' });
    expect(configProblem(bare, (p) => p === '/opt/bin/node', `/usr/bin:/opt/bin`)).toBeUndefined();
    expect(configProblem(bare, exists, '/opt/bin')).toMatch(/^command node was not found/);
    expect(configProblem(http('http://h/mcp'), exists, '')).toBeUndefined();
  });
});
