import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigSchema,
  ServerConfigSchema,
  type Config,
  type ServerConfig,
} from '../../../shared/model.js';
import { defaultConfig } from '../config/default-config.js';
import { filesystemRoots, fsRootsProblem } from './fs-roots-guard.js';

// Real folders and links in a temp directory; nothing is mocked.
// Built at load time: the `it.each` tables below name these paths.
const base = realpathSync(mkdtempSync(join(tmpdir(), 'switchboard-roots-')));
const root = join(base, 'root');
const outside = join(base, 'outside');
let config: Config;

const stdio = (command: string, args: string[]): ServerConfig =>
  ServerConfigSchema.parse({ id: 's', transport: { type: 'stdio', command, args } });

beforeAll(() => {
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'sub', 'in.txt'), 'in');
  writeFileSync(join(outside, 'secret.txt'), 'out');
  symlinkSync(outside, join(root, 'escape'));
  symlinkSync(join(base, 'nowhere', 'x'), join(root, 'dangling'));
  config = ConfigSchema.parse({
    ...defaultConfig(base),
    servers: [
      {
        id: 'files',
        transport: {
          type: 'stdio',
          command: process.execPath,
          args: ['/nm/@modelcontextprotocol/server-filesystem/dist/index.js', root],
        },
      },
      { id: 'other', transport: { type: 'stdio', command: 'other-server', args: [root] } },
    ],
  });
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('filesystemRoots', () => {
  it('finds the folders of the filesystem package, however it is started', () => {
    expect(
      filesystemRoots(stdio('node', ['/x/server-filesystem/dist/index.js', '/a', '/b'])),
    ).toEqual(['/a', '/b']);
    expect(
      filesystemRoots(stdio('npx', ['-y', '@modelcontextprotocol/server-filesystem', '/a'])),
    ).toEqual(['/a']);
    expect(filesystemRoots(stdio('mcp-server-filesystem', ['/a']))).toEqual(['/a']);
    expect(
      filesystemRoots(stdio('node', ['/x/server-memory/dist/index.js', '/a'])),
    ).toBeUndefined();
  });
});

describe('fsRootsProblem', () => {
  it.each([
    ['a file inside', { path: join(root, 'sub', 'in.txt') }],
    ['a relative path', { path: 'sub/in.txt' }],
    ['a new file in an existing folder', { path: join(root, 'sub', 'new', 'deep.txt') }],
    ['a move inside', { source: join(root, 'sub', 'in.txt'), destination: join(root, 'b.txt') }],
    ['no path at all', { query: '/etc/passwd' }],
  ])('allows %s', async (_label, args) => {
    expect(await fsRootsProblem(config, 'files', args)).toBeUndefined();
  });

  it.each([
    ['an absolute path outside', { path: join(outside, 'secret.txt') }],
    ['a path that climbs out', { path: join(root, '..', 'outside', 'secret.txt') }],
    ['a file through a folder link', { path: join(root, 'escape', 'secret.txt') }],
    ['a new file through a folder link', { path: join(root, 'escape', 'new.txt') }],
    ['one path of several', { paths: [join(root, 'sub', 'in.txt'), join(root, 'escape')] }],
    ['a move out', { source: join(root, 'sub', 'in.txt'), destination: join(outside, 'x') }],
    ['a dangling link', { path: join(root, 'dangling') }],
  ])('refuses %s, naming the rule', async (_label, args) => {
    expect(await fsRootsProblem(config, 'files', args)).toMatch(
      /^Denied by Switchboard \(rule: filesystem roots\): .* outside the folders server "files"/,
    );
  });

  it('leaves other servers alone', async () => {
    expect(await fsRootsProblem(config, 'other', { path: '/etc/passwd' })).toBeUndefined();
  });
});
