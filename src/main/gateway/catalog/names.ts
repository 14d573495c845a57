import { createHash } from 'node:crypto';

/**
 * The naming scheme for everything the gateway exposes (tools, prompts, resource names).
 *
 * An exposed name is `<server>__<name>`. Server ids match `[a-z0-9-]` and so never contain `_`:
 * the first `__` in an exposed name always ends the server id, which makes the mapping from
 * (server, name) to exposed name injective — two servers can never produce the same name.
 *
 * Several popular clients reject tool names over 64 characters. A name that would be longer is
 * shortened to `<server>__<head>_<digest>`, exactly 64 characters, where `<digest>` is 12
 * base32 characters of SHA-256 over `server \0 name`. The short form depends only on the server
 * id and the original name, so it is stable across restarts and machines. Within one server
 * the catalog still checks that no two names shorten alike (a 60-bit digest makes that
 * astronomically unlikely) and refuses the second one if they ever do.
 */

/** Longest exposed name we emit (the limit several popular MCP clients enforce). */
export const MAX_EXPOSED_NAME = 64;

/** Separator between the server id and the original name. */
export const NAME_SEPARATOR = '__';

const SAFE_NAME = /^[A-Za-z0-9_.-]+$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const DIGEST_LENGTH = 12;

/** A short, stable, lower-case base32 digest of a server's name. */
function digest(serverId: string, name: string): string {
  const bytes = createHash('sha256').update(`${serverId}\0${name}`).digest();
  let out = '';
  for (let i = 0; i < DIGEST_LENGTH; i++) out += BASE32[bytes[i]! & 31];
  return out;
}

/** The name agents see for a server's tool or prompt; at most 64 characters, stable. */
export function exposedName(serverId: string, name: string): string {
  const full = `${serverId}${NAME_SEPARATOR}${name}`;
  if (full.length <= MAX_EXPOSED_NAME) return full;
  const headLength = MAX_EXPOSED_NAME - serverId.length - NAME_SEPARATOR.length - DIGEST_LENGTH - 1;
  return `${serverId}${NAME_SEPARATOR}${name.slice(0, Math.max(0, headLength))}_${digest(serverId, name)}`;
}

/**
 * Why a downstream name cannot be exposed, or undefined when it can. Only `A-Z a-z 0-9 _ - .`
 * pass: look-alike letters, zero-width and bidirectional marks are refused, never renamed.
 */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (!SAFE_NAME.test(name)) {
    return `the name ${JSON.stringify(name)} has characters outside A-Z a-z 0-9 _ - . (look-alike or invisible characters are refused)`;
  }
  return undefined;
}
