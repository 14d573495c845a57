import { McpServer, type CallToolResult } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { BlockedRequestError, fetchPage } from './fetch-page.js';
import { bodyKind, decodeBody, htmlToMarkdown } from './markdown.js';

/** What the web server is started with (from its environment; see index.ts). */
export interface WebServerOptions {
  allowHosts: readonly string[];
  maxBytes?: number;
  timeoutMs?: number;
}

function fail(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** One page of `text` from `start`, with a note telling how to read on when there is more. */
function paginate(text: string, start: number, max: number): string {
  if (start >= text.length && text.length > 0) {
    return `(no more content: the page has ${text.length} characters)`;
  }
  const page = text.slice(start, start + max);
  const next = start + page.length;
  return next < text.length
    ? `${page}\n\n(content cut at ${max} characters: call fetch again with start_index ${next} for more)`
    : page;
}

const FetchInput = z.object({
  url: z.string().describe('The http(s) URL to fetch'),
  max_length: z
    .number()
    .int()
    .positive()
    .max(1_000_000)
    .default(20_000)
    .describe('The most characters to return'),
  start_index: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Return content from this character on (for reading a long page in parts)'),
  raw: z.boolean().default(false).describe('Return the HTML as it came, not as markdown'),
});

/**
 * Switchboard's web fetch server: one read-only tool, `fetch`, that GETs a page and returns it
 * as markdown. Loopback, link-local and private addresses are refused unless allowed (issue 7).
 */
export function createWebServer(options: WebServerOptions): McpServer {
  const server = new McpServer({ name: 'switchboard-web', version: '1.0.0' });
  server.registerTool(
    'fetch',
    {
      title: 'Fetch a web page',
      description:
        'Fetches a URL from the internet and returns its content as markdown (HTML pages) or ' +
        'text. Requests to loopback, link-local and private network addresses are refused ' +
        'unless the host was allowed in Switchboard.',
      inputSchema: FetchInput,
      annotations: { readOnlyHint: true, openWorldHint: true, idempotentHint: true },
    },
    async ({ url, max_length, start_index, raw }) => {
      if (!URL.canParse(url)) return fail(`"${url}" is not a URL`);
      try {
        const page = await fetchPage(url, {
          allowHosts: options.allowHosts,
          ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        });
        const kind = bodyKind(page.contentType);
        if (kind === 'binary') {
          return fail(`${page.url} returned ${page.contentType}, which is not text or HTML`);
        }
        const text = decodeBody(page.body, page.contentType);
        const content = kind === 'html' && !raw ? htmlToMarkdown(text) : text;
        const header = `Contents of ${page.url} (HTTP ${page.status}):\n\n`;
        const result = header + paginate(content, start_index, max_length);
        return { content: [{ type: 'text', text: result }], isError: page.status >= 400 };
      } catch (error) {
        if (error instanceof BlockedRequestError) return fail(error.message);
        return fail(`Fetching ${url} failed: ${error instanceof Error ? error.message : error}`);
      }
    },
  );
  return server;
}
