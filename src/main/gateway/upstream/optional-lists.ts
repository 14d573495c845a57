import { ProtocolError } from '@modelcontextprotocol/client';
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
