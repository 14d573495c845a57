import type { CallToolResult } from '@modelcontextprotocol/server';
import type { ServerStatus } from '../../../shared/model.js';
import { NAME_SEPARATOR } from '../catalog/names.js';

/**
 * The answer to a call of a tool the catalog does not have, when the name's `<server>__`
 * prefix (or the server-scoped endpoint) names a configured server that is not running:
 * "server pdfbad is down: folder /x does not exist" rather than "Unknown tool". Undefined
 * when the server is unknown, running, or lists tools (the tool is then really unknown).
 */
export function downToolResult(
  status: (serverId: string) => ServerStatus | undefined,
  scopeServerId: string | undefined,
  name: string,
): { serverId: string; result: CallToolResult } | undefined {
  const cut = name.indexOf(NAME_SEPARATOR);
  const serverId = scopeServerId ?? (cut > 0 ? name.slice(0, cut) : undefined);
  if (!serverId) return undefined;
  const server = status(serverId);
  // Asleep and running servers, or one whose tools are listed (remembered from its last
  // run): the tool is really not there, and a listed tool's call reports the outage itself.
  const notRunning =
    server && ['down', 'disabled', 'starting', 'needs-signin'].includes(server.state);
  if (!server || !notRunning || server.tools > 0) return undefined;
  const text = downText(server);
  return { serverId, result: { content: [{ type: 'text', text }], isError: true } };
}

/** "server X is down: why" — the one sentence the CLI, the UI and agents share. */
export function downText(server: Pick<ServerStatus, 'id' | 'state' | 'lastError'>): string {
  const why = server.lastError ? `: ${server.lastError}` : '';
  return `server ${server.id} is ${server.state}${why}`;
}
