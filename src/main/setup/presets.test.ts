import { describe, expect, it } from 'vitest';
import { PresetViewSchema } from '../../shared/model.js';
import {
  allPresets,
  formatPresetList,
  getPreset,
  instantiatePreset,
  valuesFromCommandLine,
  type PresetResolver,
} from './presets.js';

const resolve: PresetResolver = {
  node: () => '/usr/bin/node',
  bin: (pkg) => `/app/node_modules/${pkg}/bin.js`,
  exe: (pkg) => `/app/node_modules/${pkg}/dist/server`,
  app: () => '/app',
};
const dataDir = '/data';

describe('preset catalog', () => {
  it('covers the eight server kinds with unique ids', () => {
    const kinds = new Set(allPresets().map((p) => p.kind));
    // Every kind the model names, and only those: the eight of the setup flow.
    expect([...kinds].sort()).toEqual([...PresetViewSchema.shape.kind.options].sort());
    expect(kinds.size).toBe(8);
    expect(new Set(allPresets().map((p) => p.id)).size).toBe(allPresets().length);
  });

  it('names OAuth on the remote servers that sign people in, with their documented URLs', () => {
    const oauth = allPresets().filter((p) => p.auth === 'oauth');
    expect(Object.fromEntries(oauth.map((p) => [p.id, p.fields[0]?.default]))).toEqual({
      linear: 'https://mcp.linear.app/mcp',
      notion: 'https://mcp.notion.com/mcp',
      sentry: 'https://mcp.sentry.dev/mcp',
    });
    for (const preset of oauth) {
      // No secret to ask for: the sign-in brings the token, and a configured Authorization
      // header would turn OAuth off for the server (connection.ts).
      expect(
        preset.fields.filter((f) => f.secret),
        preset.id,
      ).toEqual([]);
      const { server } = instantiatePreset(preset, {}, { dataDir, resolve });
      expect(server.transport, preset.id).toEqual({
        type: 'http',
        url: preset.fields[0]!.default,
        headers: {},
      });
      expect(server.secrets).toEqual([]);
    }
    expect(formatPresetList(oauth)).toContain(
      "sign-in: on Linear's own page, after adding (switchboard signin linear)",
    );
  });

  it('resolves every bundled package from node_modules', () => {
    for (const preset of allPresets().filter((p) => p.bundled)) {
      const values = Object.fromEntries(
        preset.fields
          .filter((f) => f.required && !f.default)
          .map((f) => [f.key, f.kind === 'url' ? 'postgres://u@h/db' : '/tmp/x']),
      );
      const { server } = instantiatePreset(preset, values, { dataDir: '/tmp' });
      expect(server.transport.type).toBe('stdio');
    }
  });

  it('fills defaults, drops empty optional settings and expands placeholders', () => {
    const { server } = instantiatePreset(getPreset('web'), {}, { dataDir, resolve });
    expect(server).toMatchObject({
      id: 'web',
      name: 'Web',
      enabled: true,
      secrets: [],
      transport: {
        type: 'stdio',
        command: '/usr/bin/node',
        args: ['/app/out/main/servers/web.cjs'],
        env: { ELECTRON_RUN_AS_NODE: '1' },
      },
    });
    const fs = instantiatePreset(getPreset('filesystem'), {}, { dataDir, resolve }).server;
    expect(fs.transport).toMatchObject({
      args: ['/app/node_modules/@modelcontextprotocol/server-filesystem/bin.js', '/data/workspace'],
    });
  });

  it('marks secret settings and names every missing or unknown one', () => {
    const pg = instantiatePreset(
      getPreset('postgres'),
      { url: 'postgres://a:b@h/db' },
      { dataDir, resolve },
    );
    expect(pg.server.secrets).toEqual(['DATABASE_URL']);
    expect(() =>
      instantiatePreset(getPreset('postgres'), { colour: 'x' }, { dataDir, resolve }),
    ).toThrow(/"colour" is not a setting of postgres.*Connection string \(url\) is required/);
    expect(() =>
      instantiatePreset(getPreset('sqlite'), { file: 'relative.db' }, { dataDir, resolve }),
    ).toThrow(/absolute path/);
    expect(() => getPreset('nope')).toThrow(/Presets: filesystem, memory/);
  });

  it('gives a second copy of a preset its own default file (`${id}` in the default)', () => {
    const memory = getPreset('memory');
    const fileOf = (id?: string) => {
      const { server } = instantiatePreset(memory, {}, { dataDir, resolve, ...(id ? { id } : {}) });
      return server.transport.type === 'stdio' ? server.transport.env.MEMORY_FILE_PATH : undefined;
    };
    expect(fileOf()).toBe(`${dataDir}/memory.jsonl`);
    expect(fileOf('memory-2')).toBe(`${dataDir}/memory-2.jsonl`);
  });

  it('takes command-line values, secrets from the environment', () => {
    expect(valuesFromCommandLine(['root=/a=b'], ['token=GH'], { GH: 'ghp_1' })).toEqual({
      root: '/a=b',
      token: 'ghp_1',
    });
    expect(() => valuesFromCommandLine([], ['token=NOPE'], {})).toThrow(/NOPE is not set/);
    expect(() => valuesFromCommandLine(['novalue'], [], {})).toThrow(/KEY=VALUE/);
  });

  it('lists presets with their settings for `switchboard presets`', () => {
    const text = formatPresetList();
    expect(text).toContain('github-remote');
    expect(text).toContain('token (required, secret)');
  });
});
