/**
 * Switchboard's web fetch MCP server over stdio (the Web preset).
 *
 *   node out/main/servers/web.cjs   (built from this file by `npm run build`)
 *
 * SWITCHBOARD_WEB_ALLOW_HOSTS  hosts that may be fetched although they are loopback, link-local
 *                              or private (comma-separated; `*.example.com` for sub-domains)
 * SWITCHBOARD_WEB_MAX_BYTES    the most bytes read from one response (default 5 000 000)
 * SWITCHBOARD_WEB_TIMEOUT_MS   how long one request may take (default 20 000)
 */
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { parseAllowHosts } from './address-policy.js';
import { createWebServer } from './web-server.js';

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

const maxBytes = positive(process.env.SWITCHBOARD_WEB_MAX_BYTES);
const timeoutMs = positive(process.env.SWITCHBOARD_WEB_TIMEOUT_MS);
const options = {
  allowHosts: parseAllowHosts(process.env.SWITCHBOARD_WEB_ALLOW_HOSTS),
  ...(maxBytes === undefined ? {} : { maxBytes }),
  ...(timeoutMs === undefined ? {} : { timeoutMs }),
};
serveStdio(() => createWebServer(options), {
  onerror: (error) => process.stderr.write(`switchboard-web: ${error.message}\n`),
});
