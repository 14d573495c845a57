import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterEach, describe, expect, it } from 'vitest';
import { parentPortHarness } from '../../../test/helpers/parent-port-harness.js';
import { ENTRY_FLAG } from './utility-stdio-child.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const memoryEntry = join(
  dirname(require.resolve('@modelcontextprotocol/server-memory/package.json')),
  'dist/index.js',
);

/*
 * Stands in for Electron's utility process under plain Node: a `process.parentPort` whose
 * messages carry the real stdin, exactly as utility-stdio.ts posts them. If the shim's
 * `process.stdin` swap works, a real MCP server answers a real SDK client through it.
 */
const HARNESS = parentPortHarness(pathToFileURL(join(here, 'utility-stdio-child.ts')).href);

describe('utility-stdio-child', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs a bundled server whose stdin arrives as parent-port messages', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-utility-'));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        HARNESS,
        '--',
        ENTRY_FLAG,
        memoryEntry,
      ],
      env: { PATH: process.env.PATH ?? '', MEMORY_FILE_PATH: join(dir, 'memory.jsonl') },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'shim-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('create_entities');
      const result = await client.callTool({ name: 'read_graph', arguments: {} });
      expect(result.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });
});
