import type { Tool } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, type Config, type Rule } from '../../../shared/model.js';
import { Catalog } from '../catalog/catalog.js';
import { ASK_NOTE, Exposure, decideTool, findRole } from './exposure.js';

const tool = (name: string, annotations?: Tool['annotations'], description?: string): Tool => ({
  name,
  inputSchema: { type: 'object' },
  ...(description === undefined ? {} : { description }),
  ...(annotations ? { annotations } : {}),
});

function makeConfig(rules: Rule[], defaultAction?: 'allow' | 'ask' | 'deny'): Config {
  return ConfigSchema.parse({
    version: 1,
    servers: [
      {
        id: 'fs',
        transport: { type: 'stdio', command: 'node' },
        ...(defaultAction ? { defaultAction } : {}),
      },
      { id: 'git', transport: { type: 'stdio', command: 'node' } },
    ],
    roles: [
      { name: 'coder', rules },
      { name: 'blocked', rules: [{ pattern: '*', action: 'deny' }] },
    ],
  });
}

function makeCatalog(): Catalog {
  const catalog = new Catalog();
  catalog.setOrder(['fs', 'git']);
  catalog.setServer('fs', {
    tools: [
      tool('read_file', { readOnlyHint: true }, 'Reads a file'),
      tool('delete_file', { destructiveHint: true }, 'Deletes a file'),
      tool('touch', undefined, 'Touches a file'),
      tool('bare'),
    ],
    resources: [],
    resourceTemplates: [],
    prompts: [],
  });
  catalog.setServer('git', {
    tools: [tool('log', { readOnlyHint: true }, 'Shows the log')],
    resources: [],
    resourceTemplates: [],
    prompts: [],
  });
  return catalog;
}

describe('findRole / decideTool', () => {
  it('finds a role by exact name', () => {
    const config = makeConfig([]);
    expect(findRole(config, 'coder')?.name).toBe('coder');
    expect(findRole(config, 'Coder')).toBeUndefined();
  });

  it("decides with the role's rules, the server default and the tool's annotations", () => {
    const catalog = makeCatalog();
    const config = makeConfig([{ pattern: 'git__*', action: 'deny' }], 'allow');
    expect(decideTool(config, 'coder', catalog.tool('git__log')!).action).toBe('deny');
    expect(decideTool(config, 'coder', catalog.tool('fs__delete_file')!)).toMatchObject({
      action: 'allow',
      source: 'server',
    });
    const plain = makeConfig([]);
    expect(decideTool(plain, 'coder', catalog.tool('fs__read_file')!).action).toBe('allow');
    expect(decideTool(plain, 'coder', catalog.tool('fs__delete_file')!).action).toBe('ask');
    expect(decideTool(plain, 'ghost', catalog.tool('fs__read_file')!)).toMatchObject({
      action: 'deny',
      source: 'role',
    });
  });
});

describe('Exposure.toolsFor', () => {
  it('hides denied tools and notes the ones that wait for a person', () => {
    const catalog = makeCatalog();
    const config = makeConfig([{ pattern: '*__delete_*', action: 'deny' }]);
    const exposure = new Exposure(catalog, () => config);
    const tools = exposure.toolsFor('coder');
    expect(tools.map((t) => t.name)).toEqual([
      'fs__read_file',
      'fs__touch',
      'fs__bare',
      'git__log',
    ]);
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get('fs__read_file')).toBe(catalog.tool('fs__read_file')!.exposed);
    expect(byName.get('fs__touch')!.description).toBe(`Touches a file${ASK_NOTE}`);
    expect(byName.get('fs__bare')!.description).toBe(ASK_NOTE.trim());
    // The catalog's copy is not changed by the note.
    expect(catalog.tool('fs__touch')!.exposed.description).toBe('Touches a file');
  });

  it("lists one server's tools under their own names for /mcp/<server>", () => {
    const catalog = makeCatalog();
    const exposure = new Exposure(catalog, () =>
      makeConfig([{ pattern: 'fs__touch', action: 'deny' }]),
    );
    const tools = exposure.toolsFor('coder', 'fs');
    expect(tools.map((t) => t.name)).toEqual(['read_file', 'delete_file', 'bare']);
    expect(tools[1]!.description).toBe(`Deletes a file${ASK_NOTE}`);
    expect(exposure.toolsFor('coder', 'nope')).toEqual([]);
  });

  it('shows nothing to a role that denies everything or no longer exists', () => {
    const exposure = new Exposure(makeCatalog(), () => makeConfig([]));
    expect(exposure.toolsFor('blocked')).toEqual([]);
    expect(exposure.toolsFor('ghost')).toEqual([]);
  });

  it('serves a repeated listing from its cache', () => {
    const catalog = makeCatalog();
    const config = makeConfig([]);
    const exposure = new Exposure(catalog, () => config);
    const first = exposure.toolsFor('coder');
    expect(exposure.toolsFor('coder')).toBe(first);
    // Per role and per server path.
    expect(exposure.toolsFor('coder', 'fs')).not.toBe(first);
    expect(exposure.toolsFor('blocked')).not.toBe(first);
  });

  it('rebuilds when the catalog changes (its version moves)', () => {
    const catalog = makeCatalog();
    const config = makeConfig([]);
    const exposure = new Exposure(catalog, () => config);
    const first = exposure.toolsFor('coder');
    catalog.removeServer('git');
    const second = exposure.toolsFor('coder');
    expect(second).not.toBe(first);
    expect(second.map((t) => t.name)).not.toContain('git__log');
  });

  it('rebuilds when the config is replaced (a new object), not when it is the same one', () => {
    const catalog = makeCatalog();
    let config = makeConfig([]);
    const exposure = new Exposure(catalog, () => config);
    const first = exposure.toolsFor('coder');
    expect(first.map((t) => t.name)).toContain('git__log');
    config = makeConfig([{ pattern: 'git__*', action: 'deny' }]);
    const second = exposure.toolsFor('coder');
    expect(second).not.toBe(first);
    expect(second.map((t) => t.name)).not.toContain('git__log');
    // Configs are replaced, never mutated: the cache keys on identity.
    expect(exposure.toolsFor('coder')).toBe(second);
  });
});

describe('Exposure.serverVisible', () => {
  it("follows the role's rules for the server's resources", () => {
    const exposure = new Exposure(makeCatalog(), () =>
      makeConfig([{ pattern: 'git__*', action: 'deny' }]),
    );
    expect(exposure.serverVisible('coder', 'fs')).toBe(true);
    expect(exposure.serverVisible('coder', 'git')).toBe(false);
    expect(exposure.serverVisible('blocked', 'fs')).toBe(false);
    expect(exposure.serverVisible('ghost', 'fs')).toBe(false);
  });

  it('counts as read-only, so only an explicit deny or a server default of deny hides it', () => {
    expect(new Exposure(makeCatalog(), () => makeConfig([])).serverVisible('coder', 'fs')).toBe(
      true,
    );
    const ask = makeConfig([{ pattern: 'fs__*', action: 'ask' }]);
    expect(new Exposure(makeCatalog(), () => ask).serverVisible('coder', 'fs')).toBe(true);
    const denied = makeConfig([], 'deny');
    expect(new Exposure(makeCatalog(), () => denied).serverVisible('coder', 'fs')).toBe(false);
  });
});
