import { McpServer, type CallToolResult } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { resolveInside } from './paths.js';
import { createDocx, readDocx } from './word.js';

function fail(error: unknown): CallToolResult {
  const message = error instanceof Error ? error.message : String(error);
  return { content: [{ type: 'text', text: message }], isError: true };
}

/**
 * Switchboard's Word MCP server over one documents folder: read_docx (markdown out) and
 * create_docx (simple markdown in). Paths are relative to that folder; nothing outside it.
 */
export function createOfficeServer(root: string): McpServer {
  const server = new McpServer({ name: 'switchboard-office', version: '1.0.0' });
  server.registerTool(
    'read_docx',
    {
      title: 'Read a Word document',
      description: `Reads a Word (.docx) document in ${root} and returns its text as markdown (headings, lists, tables; images left out).`,
      inputSchema: z.object({
        path: z.string().min(1).describe('The .docx file, relative to the documents folder'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ path }) => {
      try {
        const { markdown, warnings } = await readDocx(resolveInside(root, path, true));
        const note = warnings.length > 0 ? `\n\n(conversion notes: ${warnings.join('; ')})` : '';
        return { content: [{ type: 'text', text: markdown + note }] };
      } catch (error) {
        return fail(error);
      }
    },
  );
  server.registerTool(
    'create_docx',
    {
      title: 'Create a Word document',
      description:
        'Creates a new Word (.docx) document from simple markdown: one paragraph per line, # to #### headings, "- " bullets, **bold**. It never replaces an existing file.',
      inputSchema: z.object({
        path: z.string().min(1).describe('The new .docx file, relative to the documents folder'),
        markdown: z.string().describe('The content'),
        title: z.string().optional().describe('The document title (its properties)'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    async ({ path, markdown, title }) => {
      try {
        if (!path.toLowerCase().endsWith('.docx'))
          throw new Error('the file name must end in .docx');
        const file = resolveInside(root, path, false);
        await createDocx(file, markdown, title);
        return { content: [{ type: 'text', text: `Created ${file}` }] };
      } catch (error) {
        return fail(error);
      }
    },
  );
  return server;
}
