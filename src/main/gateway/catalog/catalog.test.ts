import type { Tool } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { Catalog, type ServerLists } from './catalog.js';
import { exposedName } from './names.js';

const tool = (name: string, extra: Partial<Tool> = {}): Tool => ({
  name,
  description: `the ${name} tool`,
  inputSchema: { type: 'object' },
  ...extra,
});

const lists = (over: Partial<ServerLists> = {}): ServerLists => ({
  tools: [],
  resources: [],
  resourceTemplates: [],
  prompts: [],
  ...over,
});

describe('Catalog', () => {
  it('namespaces tools and prompts as <server>__<name>, keeping the original', () => {
    const catalog = new Catalog();
    const read = tool('read_file', { annotations: { readOnlyHint: true } });
    catalog.setServer('fs', lists({ tools: [read], prompts: [{ name: 'summarize' }] }));

    const entry = catalog.tool('fs__read_file');
    expect(entry).toEqual({
      serverId: 'fs',
      name: 'fs__read_file',
      original: read,
      exposed: { ...read, name: 'fs__read_file' },
    });
    expect(entry!.original).toBe(read);
    expect(read.name).toBe('read_file');
    expect(catalog.prompt('fs__summarize')).toMatchObject({
      serverId: 'fs',
      original: { name: 'summarize' },
      exposed: { name: 'fs__summarize' },
    });
    expect(catalog.tool('read_file')).toBeUndefined();
    expect(catalog.tools().map((t) => t.name)).toEqual(['fs__read_file']);
    expect(catalog.toolsOf('fs')).toEqual([entry]);
    expect(catalog.toolsOf('nope')).toEqual([]);
  });

  it('renames resources and templates with the server prefix, URIs untouched', () => {
    const catalog = new Catalog();
    catalog.setServer(
      'notes',
      lists({
        resources: [{ uri: 'notes://1', name: 'first' }],
        resourceTemplates: [{ uriTemplate: 'notes://{id}', name: 'note' }],
      }),
    );
    expect(catalog.resources()).toEqual([{ uri: 'notes://1', name: 'notes__first' }]);
    expect(catalog.resourceTemplatesWithOwner()).toEqual([
      { serverId: 'notes', template: { uriTemplate: 'notes://{id}', name: 'notes__note' } },
    ]);
  });

  it('keeps what the server listed, untouched, and reports refused names', () => {
    const catalog = new Catalog();
    const offer = lists({ tools: [tool('ok'), tool('r\u0435ad')] });
    const problems = catalog.setServer('fs', offer);
    expect(catalog.listsOf('fs')).toBe(offer);
    expect(catalog.listsOf('unknown')).toEqual(lists());
    expect(problems).toHaveLength(1);
    expect(catalog.problemsOf('fs')).toEqual(problems);
    expect(catalog.problemsOf('unknown')).toEqual([]);
  });

  it.each([
    ['a Cyrillic look-alike', 'd\u0435lete'],
    ['a zero-width space', 'delete\u200b'],
    ['a bidi override', '\u202edelete'],
    ['an empty name', ''],
    ['a space', 'delete all'],
  ])('refuses a tool or prompt with %s', (_what, name) => {
    const catalog = new Catalog();
    const problems = catalog.setServer('fs', lists({ tools: [tool(name)], prompts: [{ name }] }));
    expect(catalog.tools()).toEqual([]);
    expect(catalog.prompts()).toEqual([]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^tool refused: /);
    expect(problems[1]).toMatch(/^prompt refused: /);
  });

  it('refuses both of two names that differ only by case', () => {
    const catalog = new Catalog();
    const problems = catalog.setServer(
      'fs',
      lists({ tools: [tool('Delete'), tool('delete'), tool('keep')] }),
    );
    expect(catalog.tools().map((t) => t.name)).toEqual(['fs__keep']);
    expect(problems).toEqual([
      'tool refused: "Delete" differs from another only by case',
      'tool refused: "delete" differs from another only by case',
    ]);
  });

  it('allows the same name on two servers (namespaces keep them apart)', () => {
    const catalog = new Catalog();
    catalog.setServer('a', lists({ tools: [tool('x')] }));
    catalog.setServer('b', lists({ tools: [tool('X')] }));
    expect(catalog.tools().map((t) => t.name)).toEqual(['a__x', 'b__X']);
  });

  it('exposes a long name in its stable short form', () => {
    const catalog = new Catalog();
    const long = 'l'.repeat(100);
    catalog.setServer('fs', lists({ tools: [tool(long)] }));
    const short = exposedName('fs', long);
    expect(short).toHaveLength(64);
    expect(catalog.tool(short)?.original.name).toBe(long);
  });

  it('refuses a name whose exposed form is already taken instead of overwriting it', () => {
    const catalog = new Catalog();
    const long = 'l'.repeat(100);
    // A plain (unshortened) name that is exactly the short form of `long`.
    const lookalike = exposedName('fs', long).slice('fs__'.length);
    const problems = catalog.setServer('fs', lists({ tools: [tool(long), tool(lookalike)] }));
    expect(catalog.tools()).toHaveLength(1);
    expect(catalog.tool(exposedName('fs', long))?.original.name).toBe(long);
    expect(problems).toEqual([
      `tool refused: ${JSON.stringify(lookalike)} shortens to a name already used`,
    ]);
  });

  it('lists servers in config order, unknown-to-the-order servers last', () => {
    const catalog = new Catalog();
    catalog.setServer('c', lists({ tools: [tool('t')] }));
    catalog.setServer('a', lists({ tools: [tool('t')] }));
    catalog.setServer('b', lists({ tools: [tool('t')] }));
    expect(catalog.tools().map((t) => t.serverId)).toEqual(['c', 'a', 'b']);
    catalog.setOrder(['b', 'a', 'gone']);
    expect(catalog.tools().map((t) => t.serverId)).toEqual(['b', 'a', 'c']);
    catalog.setOrder(['c', 'b', 'a']);
    expect(catalog.tools().map((t) => t.serverId)).toEqual(['c', 'b', 'a']);
  });

  it('gives a listed URI to the first server in config order that lists it', () => {
    const catalog = new Catalog();
    catalog.setOrder(['b', 'a']);
    catalog.setServer('a', lists({ resources: [{ uri: 'file:///x', name: 'x' }] }));
    catalog.setServer('b', lists({ resources: [{ uri: 'file:///x', name: 'x' }] }));
    expect(catalog.resourceOwner('file:///x')).toBe('b');
    expect(catalog.resources()).toEqual([{ uri: 'file:///x', name: 'b__x' }]);
    catalog.removeServer('b');
    expect(catalog.resourceOwner('file:///x')).toBe('a');
  });

  it('finds the owner of an unlisted URI by template, listed URIs first', () => {
    const catalog = new Catalog();
    catalog.setOrder(['docs', 'notes', 'wide']);
    catalog.setServer(
      'wide',
      lists({ resourceTemplates: [{ uriTemplate: 'notes://{id}', name: 'any' }] }),
    );
    catalog.setServer(
      'notes',
      lists({ resourceTemplates: [{ uriTemplate: 'notes://{id}', name: 'note' }] }),
    );
    catalog.setServer(
      'docs',
      lists({
        resources: [{ uri: 'notes://pinned', name: 'pinned' }],
        resourceTemplates: [{ uriTemplate: 'docs:///{+path}', name: 'doc' }],
      }),
    );
    expect(catalog.resourceOwner('notes://42')).toBe('notes');
    expect(catalog.resourceOwner('notes://pinned')).toBe('docs');
    expect(catalog.resourceOwner('docs:///a/b/c')).toBe('docs');
    expect(catalog.resourceOwner('other://1')).toBeUndefined();
  });

  it('ignores a template that does not parse, without failing the server', () => {
    const catalog = new Catalog();
    const problems = catalog.setServer(
      'bad',
      lists({
        tools: [tool('t')],
        resourceTemplates: [{ uriTemplate: 'bad://{', name: 'broken' }],
      }),
    );
    expect(problems).toEqual([]);
    expect(catalog.tool('bad__t')).toBeDefined();
    expect(catalog.resourceOwner('bad://x')).toBeUndefined();
  });

  it('drops a removed server from every list and lookup', () => {
    const catalog = new Catalog();
    catalog.setServer(
      'fs',
      lists({
        tools: [tool('t')],
        prompts: [{ name: 'p' }],
        resources: [{ uri: 'file:///r', name: 'r' }],
        resourceTemplates: [{ uriTemplate: 'file:///{+p}', name: 'f' }],
      }),
    );
    catalog.removeServer('fs');
    expect(catalog.tool('fs__t')).toBeUndefined();
    expect(catalog.prompt('fs__p')).toBeUndefined();
    expect(catalog.tools()).toEqual([]);
    expect(catalog.prompts()).toEqual([]);
    expect(catalog.resources()).toEqual([]);
    expect(catalog.resourceTemplatesWithOwner()).toEqual([]);
    expect(catalog.resourceOwner('file:///r')).toBeUndefined();
  });

  it('increases its version on every change, and only on a change', () => {
    const catalog = new Catalog();
    const v0 = catalog.version;
    catalog.setServer('fs', lists({ tools: [tool('t')] }));
    const v1 = catalog.version;
    expect(v1).toBeGreaterThan(v0);
    catalog.setOrder(['fs']);
    const v2 = catalog.version;
    expect(v2).toBeGreaterThan(v1);
    catalog.removeServer('fs');
    const v3 = catalog.version;
    expect(v3).toBeGreaterThan(v2);
    catalog.removeServer('fs');
    expect(catalog.version).toBe(v3);
    catalog.tools();
    catalog.resourceOwner('x://y');
    expect(catalog.version).toBe(v3);
  });

  it('hands out the same flat list until the next change', () => {
    const catalog = new Catalog();
    catalog.setServer('fs', lists({ tools: [tool('t')] }));
    const first = catalog.tools();
    expect(catalog.tools()).toBe(first);
    catalog.setServer('git', lists({ tools: [tool('t')] }));
    expect(catalog.tools()).not.toBe(first);
    expect(first.map((t) => t.name)).toEqual(['fs__t']);
  });
});
