import { ProtocolError, type Client } from '@modelcontextprotocol/client';
import type { ServerLists } from '../catalog/catalog.js';
import { errorMessage } from '../errors.js';

/** The list requests a connection makes at start-up. */
export type ListMethod =
  'tools/list' | 'resources/list' | 'resources/templates/list' | 'prompts/list';

/**
 * What becomes of a list request that failed during start-up: an empty list and a notice, or
 * the failure itself.
 *
 * Servers declare capabilities they do not honour (mcp-fetch-server 1.1 declares `resources`
 * and answers -32601 to `resources/list`), so an error the server answered never stops the
 * start: the server runs with the lists it has. Only resources and prompts are optional past
 * that: a `tools/list` that timed out or lost the transport fails the start, since a server
 * whose tools cannot be listed serves nothing and the next attempt may do better.
 */
export function tolerateListError(
  method: ListMethod,
  error: unknown,
  notice: (message: string) => void,
): [] {
  const answered = error instanceof ProtocolError;
  if (!answered && method === 'tools/list') throw error;
  notice(
    `${method} failed at start-up (${answered ? 'the server answered' : 'no answer'}: ` +
      `${errorMessage(error)}); the server runs without that list`,
  );
  return [];
}

/**
 * Fetches every list the server declared, bypassing the SDK's response cache (the gateway keeps
 * its own catalog and must see changes). A list the server declared but cannot give is logged
 * through `notice` and left empty (`tolerateListError`).
 */
export async function fetchLists(
  client: Client,
  timeoutMs: number,
  notice: (message: string) => void,
): Promise<ServerLists> {
  const caps = client.getServerCapabilities() ?? {};
  const opts = { timeout: timeoutMs, cacheMode: 'bypass' as const };
  const skip = (method: ListMethod) => (error: unknown) => tolerateListError(method, error, notice);
  const [tools, resources, resourceTemplates, prompts] = await Promise.all([
    caps.tools ? client.listTools(undefined, opts).then((r) => r.tools, skip('tools/list')) : [],
    caps.resources
      ? client.listResources(undefined, opts).then((r) => r.resources, skip('resources/list'))
      : [],
    caps.resources
      ? client
          .listResourceTemplates(undefined, opts)
          .then((r) => r.resourceTemplates, skip('resources/templates/list'))
      : [],
    caps.prompts
      ? client.listPrompts(undefined, opts).then((r) => r.prompts, skip('prompts/list'))
      : [],
  ]);
  return { tools, resources, resourceTemplates, prompts };
}
