import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigSchema, type Config } from '../../../shared/model.js';
import { createFileConfigStore } from './config.js';
import { defaultConfig, defaultResolver, type DefaultResolver } from './default-config.js';
import { migrateConfig, parseConfig } from './migrations.js';
import {
  loadMcpServersFile,
  looksLikeSecretName,
  serversFromMcpServers,
  toServerId,
} from './mcp-servers-file.js';
import { writeFileAtomic } from './files.js';
import { globToRegExp } from '../pipeline/policy.js';
import type { LoadResult } from '../ports.js';

const fakeResolver: DefaultResolver = { node: () => '/bin/node', bin: (p) => `/nm/${p}/bin.js` };
const clock = { now: () => Date.parse('2026-01-02T03:04:05.678Z') };
const STAMP = '2026-01-02T03-04-05.678Z';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sb-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const modeOf = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;
const store = () => createFileConfigStore(dir, { clock, resolve: fakeResolver });
const configFile = () => path.join(dir, 'config.json');
const minimal = (port = 1234): Config => ConfigSchema.parse({ version: 1, settings: { port } });

describe('defaultConfig', () => {
  it('fills the placeholders, creates the workspace and has five roles and no keys', () => {
    const config = defaultConfig(dir, fakeResolver);
    expect(existsSync(path.join(dir, 'workspace'))).toBe(true);
    const [fs, memory] = config.servers;
    expect(fs?.transport).toMatchObject({
      command: '/bin/node',
      args: ['/nm/@modelcontextprotocol/server-filesystem/bin.js', `${dir}/workspace`],
    });
    expect(memory?.transport).toMatchObject({
      args: ['/nm/@modelcontextprotocol/server-memory/bin.js'],
      env: { MEMORY_FILE_PATH: `${dir}/memory.jsonl` },
    });
    expect(config.roles.map((r) => r.name)).toEqual([
      'admin',
      'planner',
      'researcher',
      'coder',
      'reviewer',
    ]);
    expect(config.keys).toEqual([]);
    expect(JSON.stringify(config)).not.toContain('${');
  });

  it('resolves the real bin files of the installed servers, run by this Node', () => {
    const config = defaultConfig(dir, defaultResolver);
    for (const server of config.servers) {
      if (server.transport.type !== 'stdio') throw new Error('expected stdio');
      expect(server.transport.command).toBe(process.execPath);
      expect(existsSync(server.transport.args[0] ?? '')).toBe(true);
    }
  });

  it('has roles whose first matching rule decides sensibly', () => {
    const roles = defaultConfig(dir, fakeResolver).roles;
    const decide = (role: string, tool: string) =>
      roles
        .find((r) => r.name === role)
        ?.rules.find((rule) => globToRegExp(rule.pattern).test(tool))?.action;
    expect(decide('admin', 'anything__at_all')).toBe('allow');
    expect(decide('planner', 'filesystem__write_file')).toBe('deny');
    expect(decide('planner', 'filesystem__read_text_file')).toBe('allow');
    expect(decide('planner', 'memory__create_entities')).toBe('ask');
    expect(decide('planner', 'memory__search_nodes')).toBe('allow');
    expect(decide('researcher', 'fetch__fetch')).toBe('allow');
    expect(decide('researcher', 'memory__delete_entities')).toBe('deny');
    expect(decide('coder', 'filesystem__edit_file')).toBe('allow');
    expect(decide('coder', 'GitHub__Delete_File')).toBe('ask');
    expect(decide('reviewer', 'github__create_pull_request_review')).toBe('ask');
    expect(decide('reviewer', 'filesystem__move_file')).toBe('deny');
  });
});

describe('createFileConfigStore: load and save', () => {
  it('writes the default on first run, with a 0700 folder and 0600 files', async () => {
    const result = store().load();
    expect(result.created).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(result.config.servers.map((s) => s.id)).toEqual(['filesystem', 'memory']);
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(configFile())).toBe(0o600);
    expect(await modeOf(path.join(dir, 'config.last-good.json'))).toBe(0o600);
    const again = store().load();
    expect(again).toEqual({ config: result.config, warnings: [], created: false });
  });

  it('leaves the last-good copy alone when a start loads the config it already holds', async () => {
    const first = store().load();
    const lastGood = path.join(dir, 'config.last-good.json');
    // An atomic write renames a new file into place: the same inode means it was not rewritten.
    const before = (await stat(lastGood)).ino;
    store().load();
    expect((await stat(lastGood)).ino).toBe(before);
    const s = store();
    s.load();
    s.save({ ...first.config, settings: { ...first.config.settings, callTimeoutMs: 12_345 } });
    expect(JSON.parse(await readFile(lastGood, 'utf8')).settings.callTimeoutMs).toBe(12_345);
  });

  it('saves atomically with 0600 even over a 0644 file, and refuses an invalid config', async () => {
    const s = store();
    s.load();
    await chmod(configFile(), 0o644);
    s.save(minimal(4321));
    expect(await modeOf(configFile())).toBe(0o600);
    expect(JSON.parse(await readFile(configFile(), 'utf8')).settings.port).toBe(4321);
    expect(() => s.save({ ...minimal(), version: 2 } as unknown as Config)).toThrow();
    expect(store().load().config.settings.port).toBe(4321);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['JSON that does not parse', '{ "version": 1, ', /not valid JSON/],
    ['JSON that fails validation', '{"version":1,"servers":[{"id":"Bad Id"}]}', /servers\.0\.id/],
    ['a newer version', '{"version":7}', /version 7, from a newer Switchboard/],
  ])('moves %s aside and loads the last good config', async (_name, text, reason) => {
    const s = store();
    s.load();
    s.save(minimal(1111));
    await writeFile(configFile(), text);
    const result = createFileConfigStore(dir, { clock, resolve: fakeResolver }).load();
    expect(result.config.settings.port).toBe(1111);
    expect(result.warnings).toHaveLength(1);
    const [warning] = result.warnings;
    expect(warning).toMatch(reason);
    expect(warning).toContain(`config.corrupt-${STAMP}.json`);
    expect(warning).toContain('config.last-good.json');
    expect(warning).not.toContain('\n');
    expect(await readFile(path.join(dir, `config.corrupt-${STAMP}.json`), 'utf8')).toBe(text);
    expect(await modeOf(configFile())).toBe(0o600);
    expect(store().load().warnings).toEqual([]);
  });

  it('falls back to the default when there is no usable last good config, and says so', async () => {
    await writeFile(configFile(), 'not json');
    await writeFile(path.join(dir, 'config.last-good.json'), '{"version":"x"}');
    const result = store().load();
    expect(result.config.servers.map((s) => s.id)).toEqual(['filesystem', 'memory']);
    const warning = result.warnings[0]!;
    expect(warning).toMatch(/no usable config\.last-good\.json exists/);
    expect(warning).toContain('so the default config was loaded');
    // Both files were corrupt: both are kept, and the loss of the agent keys is said.
    expect(warning).toContain(`moved to config.last-good-corrupt-${STAMP}.json`);
    expect(warning).toContain('agent keys are not in use, every agent needs a new key');
    expect(await readFile(path.join(dir, `config.last-good-corrupt-${STAMP}.json`), 'utf8')).toBe(
      '{"version":"x"}',
    );
    expect(result.created).toBe(false);
  });

  it('upgrades a v0 file, keeps the old one and says so', async () => {
    const v0 = { mcpServers: { GitHub: { command: 'gh-mcp', env: { GITHUB_TOKEN: 't' } } } };
    await writeFile(configFile(), JSON.stringify(v0));
    const result = store().load();
    expect(result.config.servers[0]).toMatchObject({ id: 'github', secrets: ['GITHUB_TOKEN'] });
    expect(result.warnings[0]).toContain(`upgraded from version 0 to 1`);
    expect(
      JSON.parse(await readFile(path.join(dir, `config.v0-backup-${STAMP}.json`), 'utf8')),
    ).toEqual(v0);
    expect(JSON.parse(await readFile(configFile(), 'utf8')).version).toBe(1);
  });
});

describe('createFileConfigStore: watch', () => {
  it('reports external edits, warns about a broken one and ignores its own saves', async () => {
    const s = store();
    s.load();
    const queue: LoadResult[] = [];
    let wake: (() => void) | undefined;
    const next = async (): Promise<LoadResult> => {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return queue.shift() as LoadResult;
    };
    const stop = s.watch((r) => {
      queue.push(r);
      wake?.();
    });
    try {
      writeFileAtomic(configFile(), JSON.stringify(minimal(2001)));
      expect((await next()).config.settings.port).toBe(2001);

      await writeFile(configFile(), '{ broken');
      const broken = await next();
      expect(broken.config.settings.port).toBe(2001);
      expect(broken.warnings[0]).toMatch(/was edited but is invalid .* copied to config\.corrupt-/);
      expect(await readFile(configFile(), 'utf8')).toBe('{ broken');

      s.save(minimal(2002));
      writeFileAtomic(configFile(), JSON.stringify(minimal(2003)));
      const edited = await next();
      expect(edited.config.settings.port).toBe(2003);
      expect(queue).toEqual([]);
    } finally {
      stop();
    }
  });
});

describe('migrateConfig', () => {
  it('lifts a bare mcpServers file and a versionless servers file to v1', () => {
    expect(migrateConfig({ mcpServers: { a: { command: 'x' } } })).toMatchObject({
      version: 1,
      servers: [{ id: 'a', transport: { type: 'stdio', command: 'x' } }],
    });
    expect(migrateConfig({ servers: [], roles: [{ name: 'r' }] })).toEqual({
      version: 1,
      servers: [],
      roles: [{ name: 'r' }],
    });
  });

  it('merges mcpServers into servers without id clashes', () => {
    const raw = {
      servers: [{ id: 'a', transport: { type: 'stdio', command: 'y' } }],
      mcpServers: { A: { command: 'x' } },
    };
    const out = migrateConfig(raw) as Config;
    expect(out.servers.map((s) => s.id)).toEqual(['a', 'a-2']);
    expect(raw).not.toHaveProperty('version');
  });

  it('leaves current, unknown and non-object values alone, and is idempotent', () => {
    const current = { version: 1 };
    expect(migrateConfig(current)).toBe(current);
    expect(migrateConfig({})).toEqual({});
    expect(migrateConfig([1])).toEqual([1]);
    expect(migrateConfig('x')).toBe('x');
    const once = migrateConfig({ mcpServers: {} });
    expect(migrateConfig(once)).toEqual(once);
  });

  it('refuses to guess when old mcpServers cannot be read', () => {
    expect(() => migrateConfig({ mcpServers: { a: { nothing: true } } })).toThrow(/mcpServers/);
    expect(parseConfig({ mcpServers: { a: { url: 'ws://x' } } })).toMatchObject({ ok: false });
  });
});

describe('serversFromMcpServers', () => {
  it('derives ids: lower-case, dashes, at most 32, deduplicated', () => {
    expect(toServerId('My GitHub Server!')).toBe('my-github-server');
    expect(toServerId('--Ünïcode__name--')).toBe('n-code-name');
    expect(toServerId('数据')).toBe('server');
    expect(toServerId('a'.repeat(31) + '-b')).toBe('a'.repeat(31));
    const long = 'x'.repeat(40);
    const { servers, warnings } = serversFromMcpServers({
      mcpServers: {
        Fetch: { command: 'a' },
        fetch: { command: 'b' },
        'FETCH!': { command: 'c' },
        [long]: { command: 'd' },
        [`${long}y`]: { command: 'e' },
      },
    });
    expect(servers.map((s) => s.id)).toEqual([
      'fetch',
      'fetch-2',
      'fetch-3',
      'x'.repeat(32),
      `${'x'.repeat(30)}-2`,
    ]);
    expect(servers.map((s) => s.name)).toEqual(['Fetch', 'fetch', 'FETCH!', long, `${long}y`]);
    expect(warnings).toHaveLength(3);
  });

  it('maps stdio and remote entries, transport types, disabled and secrets', () => {
    const { servers, warnings } = serversFromMcpServers({
      mcpServers: {
        gh: {
          command: 'npx',
          args: ['-y', 'gh'],
          env: { GITHUB_PERSONAL_ACCESS_TOKEN: 't', PATH: '/bin' },
          cwd: '/w',
          disabled: true,
        },
        a: { url: 'https://a.test/mcp', headers: { Authorization: 'Bearer x', 'X-Trace': '1' } },
        b: { url: 'https://b.test/sse' },
        c: { url: 'https://c.test/v1/SSE/?k=1' },
        d: { url: 'https://d.test/sse', type: 'streamableHttp' },
        e: { url: 'https://e.test/events', type: 'sse' },
        f: { url: 'https://f.test/mcp', type: 'streamable-http' },
      },
    });
    expect(warnings).toEqual([]);
    expect(servers[0]).toMatchObject({
      id: 'gh',
      name: 'gh',
      enabled: false,
      transport: {
        type: 'stdio',
        command: 'npx',
        args: ['-y', 'gh'],
        env: { GITHUB_PERSONAL_ACCESS_TOKEN: 't', PATH: '/bin' },
        cwd: '/w',
      },
      secrets: ['GITHUB_PERSONAL_ACCESS_TOKEN'],
    });
    expect(servers[1]).toMatchObject({
      enabled: true,
      transport: { type: 'http' },
      secrets: ['Authorization'],
    });
    expect(servers.slice(2).map((s) => s.transport.type)).toEqual([
      'sse',
      'sse',
      'http',
      'sse',
      'http',
    ]);
  });

  it('skips an entry the schema refuses, with a warning, and honours taken ids', () => {
    const { servers, warnings } = serversFromMcpServers(
      { mcpServers: { bad: { url: 'ws://x' }, ok: { command: 'x' } } },
      ['ok'],
    );
    expect(servers.map((s) => s.id)).toEqual(['ok-2']);
    expect(warnings[0]).toMatch(/^"bad" was skipped: transport\.url/);
  });

  it.each([
    ['GITHUB_TOKEN', true],
    ['OPENAI_API_KEY', true],
    ['apiKey', true],
    ['DB_PASSWORD', true],
    ['Authorization', true],
    ['AUTH', true],
    ['GITLAB_PAT', true],
    ['AWS_CREDENTIALS', true],
    ['CLIENT_SECRET', true],
    ['PATH', false],
    ['GIT_AUTHOR_NAME', false],
    ['HOME', false],
    ['KEYBOARD_LAYOUT', false],
  ])('looksLikeSecretName(%s) is %s', (name, expected) => {
    expect(looksLikeSecretName(name)).toBe(expected);
  });
});

describe('loadMcpServersFile', () => {
  it('reads a valid file', async () => {
    const file = path.join(dir, 'claude.json');
    await writeFile(file, JSON.stringify({ mcpServers: { a: { command: 'x' } } }));
    expect(loadMcpServersFile(file).mcpServers.a).toEqual({ command: 'x' });
  });

  it.each([
    ['missing.json', undefined, /missing\.json: the file does not exist\. Fix/],
    ['bad.json', '{', /bad\.json: it is not valid JSON/],
    ['shape.json', '{"servers":{}}', /shape\.json: it is not an mcpServers file \(mcpServers: /],
  ])('names the file and the problem for %s', async (name, text, message) => {
    const file = path.join(dir, name);
    if (text !== undefined) await writeFile(file, text);
    expect(() => loadMcpServersFile(file)).toThrow(message);
  });
});
