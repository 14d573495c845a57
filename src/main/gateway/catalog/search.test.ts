import type { Tool } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { Catalog, type CatalogTool } from './catalog.js';
import { ToolIndex } from './search.js';
import { SYNONYM_WEIGHT, analyze, expandQuery, splitWords, stem } from './search-text.js';

function tool(name: string, description: string, params: Record<string, string> = {}): Tool {
  const properties = Object.fromEntries(
    Object.entries(params).map(([key, text]) => [key, { type: 'string', description: text }]),
  );
  return { name, description, inputSchema: { type: 'object', properties } };
}

function setServer(catalog: Catalog, id: string, tools: Tool[]): void {
  catalog.setServer(id, { tools, resources: [], resourceTemplates: [], prompts: [] });
}

function sampleCatalog(): Catalog {
  const catalog = new Catalog();
  setServer(catalog, 'fs', [
    tool('read_text_file', 'Read the complete contents of a file as text.', { path: 'File path' }),
    tool('list_directory', 'List the files and directories in a path.', { path: 'Directory' }),
    tool('write_file', 'Create a new file or overwrite an existing one.', { path: 'File path' }),
  ]);
  setServer(catalog, 'excel', [
    tool('excel_read_sheet', 'Read values from an Excel sheet.', { fileAbsolutePath: 'xlsx file' }),
    tool('excel_write_to_sheet', 'Write values to an Excel sheet.', { range: 'Cell range' }),
  ]);
  setServer(catalog, 'github', [
    tool('create_pull_request', 'Create a new pull request in a GitHub repository.'),
    tool('list_issues', 'List issues in a GitHub repository.', { owner: 'Repository owner' }),
  ]);
  setServer(catalog, 'pdf', [
    tool('read_pdf', 'Reads text, metadata and page count from PDF files.'),
  ]);
  setServer(catalog, 'memory', [
    tool('create_entities', 'Create multiple new entities in the knowledge graph'),
    tool('search_nodes', 'Search for nodes in the knowledge graph based on a query'),
  ]);
  return catalog;
}

const names = (hits: { tool: CatalogTool }[]) => hits.map((h) => h.tool.name);

describe('text analysis', () => {
  it('splits snake_case, camelCase, kebab-case and dotted names into lowercase words', () => {
    expect(splitWords('read_text_file')).toEqual(['read', 'text', 'file']);
    expect(splitWords('fileAbsolutePath')).toEqual(['file', 'absolute', 'path']);
    expect(splitWords('get-tiny-image')).toEqual(['get', 'tiny', 'image']);
    expect(splitWords('HTTPServer.listTools')).toEqual(['http', 'server', 'list', 'tools']);
  });

  it('stems inflections of one word to one term', () => {
    expect(stem('directories')).toBe(stem('directory'));
    expect(stem('created')).toBe(stem('create'));
    expect(stem('creating')).toBe(stem('creates'));
    expect(stem('files')).toBe('file');
    expect(stem('running')).toBe('run');
    expect(stem('relational')).toBe(stem('relate'));
  });

  it('drops stop words and bare numbers', () => {
    expect(analyze('show me the 20 files in my folder')).toEqual(['show', 'file', 'folder']);
  });

  it('expands synonyms at a lower weight than the words the agent wrote', () => {
    const terms = expandQuery('update the spreadsheet');
    expect(terms.get(stem('spreadsheet'))?.weight).toBe(1);
    expect(terms.get('excel')).toMatchObject({ weight: SYNONYM_WEIGHT, concept: 'spreadsheet' });
    expect(terms.get('xlsx')?.weight).toBe(SYNONYM_WEIGHT);
    expect(expandQuery('clone the repo').get('github')?.weight).toBe(SYNONYM_WEIGHT);
    expect(expandQuery('remember this').has(stem('memory'))).toBe(true);
    expect(expandQuery('open a pull request').get('pr')?.weight).toBe(SYNONYM_WEIGHT);
  });

  it('lets synonyms stand in at full weight for a word no tool uses', () => {
    const vocabulary = new Set(['excel', 'sheet']);
    expect(
      expandQuery('update the spreadsheet', SYNONYM_WEIGHT, vocabulary).get('excel')?.weight,
    ).toBe(1);
  });

  it('reads paths and URLs as hints of files and web pages', () => {
    expect(expandQuery('summarize src/app/main.ts').has('file')).toBe(true);
    expect(expandQuery('summarize https://example.com/post').has('url')).toBe(true);
  });
});

describe('ToolIndex', () => {
  it('ranks by name words, description and synonyms', () => {
    const index = new ToolIndex(sampleCatalog());
    expect(names(index.search('read a pdf'))[0]).toBe('pdf__read_pdf');
    expect(names(index.search('list the folder contents'))[0]).toBe('fs__list_directory');
    expect(names(index.search('put numbers into the spreadsheet'))[0]).toBe(
      'excel__excel_write_to_sheet',
    );
    expect(names(index.search('open a PR'))[0]).toBe('github__create_pull_request');
    expect(names(index.search('remember that Ada likes tea'))[0]).toMatch(/^memory__/);
  });

  it('says which words matched', () => {
    const [hit] = new ToolIndex(sampleCatalog()).search('xlsx read');
    expect(hit?.tool.name).toBe('excel__excel_read_sheet');
    expect(hit?.matched).toContain('read');
    expect(hit?.matched.some((m) => m.startsWith('xlsx~'))).toBe(true);
  });

  it('weighs a name word above the same word in a description', () => {
    // A word with no synonym in either tool: with "pdf", its synonym "document" in the other
    // tool's name would be weighed too, and this would test the synonyms instead.
    const catalog = new Catalog();
    setServer(catalog, 'a', [
      tool('convert_document', 'Converts a document; the output can be an invoice when asked.'),
      tool('invoice_info', 'Information about a document.'),
    ]);
    expect(names(new ToolIndex(catalog).search('invoice'))[0]).toBe('a__invoice_info');
  });

  it('prefers a tool taking a query for a topic, and one taking a command for a run', () => {
    const catalog = new Catalog();
    setServer(catalog, 'wiki', [
      tool('get_page', 'Get a wiki page by its id.', { page_id: 'Page id' }),
      tool('search', 'Search the wiki.', { query: 'Search text' }),
    ]);
    setServer(catalog, 'term', [
      tool('start_search', 'Start a search in the terminal.', { pattern: 'Pattern' }),
      tool('start_process', 'Start a process in the terminal.', { command: 'Command line' }),
    ]);
    const index = new ToolIndex(catalog);
    expect(names(index.search('find the wiki page about onboarding'))[0]).toBe('wiki__search');
    expect(names(index.search('run npm test in the terminal'))[0]).toBe('term__start_process');
  });

  it('filters before the cut-off: never a disallowed tool, and still `limit` results', () => {
    const index = new ToolIndex(sampleCatalog());
    const query = 'read, write, list or create things';
    const all = names(index.search(query, { limit: 20 }));
    expect(all.length).toBeGreaterThanOrEqual(6);
    const banned = new Set(all.slice(0, 3));
    const hits = names(index.search(query, { limit: 3, allow: (t) => !banned.has(t.name) }));
    expect(hits).toHaveLength(3);
    expect(hits.filter((name) => banned.has(name))).toEqual([]);
    expect(hits).toEqual(all.filter((name) => !banned.has(name)).slice(0, 3));
  });

  it('returns nothing for a query of stop words only', () => {
    expect(new ToolIndex(sampleCatalog()).search('what is the')).toEqual([]);
  });

  it('follows the catalog: a new version rebuilds, an unchanged one does not', () => {
    const catalog = sampleCatalog();
    const index = new ToolIndex(catalog);
    expect(names(index.search('weather forecast'))).toEqual([]);
    const built = index.stats();
    index.search('read file');
    expect(index.stats()).toEqual(built);

    setServer(catalog, 'weather', [tool('get_forecast', 'Get the weather forecast for a city.')]);
    expect(names(index.search('weather forecast'))[0]).toBe('weather__get_forecast');
    expect(index.stats().version).toBe(catalog.version);

    catalog.removeServer('pdf');
    expect(names(index.search('read a pdf', { limit: 25 }))).not.toContain('pdf__read_pdf');
  });

  it('does not rebuild while the version is unchanged', () => {
    const catalog = sampleCatalog();
    let reads = 0;
    const counting = {
      get version() {
        return catalog.version;
      },
      tools: () => {
        reads++;
        return catalog.tools();
      },
    };
    const index = new ToolIndex(counting);
    for (let i = 0; i < 5; i++) index.search('read file');
    expect(reads).toBe(1);
  });
});
