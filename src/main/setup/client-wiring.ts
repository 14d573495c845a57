import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ClientKind, KeyRecord } from '../../shared/model.js';
import { hashKey, readTextIfExists, writeFileAtomic } from '../gateway/index.js';
import { knownConfigLocations, stripJsonComments, type LocationOptions } from './importers.js';
import { clientEntry, serversKey, type SnippetInput } from './snippets.js';

/**
 * Client wiring that stays wired: each MCP client config that Switchboard was put into (an
 * entry named `switchboard`, or a backup we left beside it) is checked against the running
 * setup: does it still point at this endpoint, with a key that is still accepted? A drifted
 * one can be repaired, after a backup, by setting that one entry again.
 */

/** The entry name Switchboard's snippets and rewrites use. */
export const ENTRY_NAME = 'switchboard';

/** One client config that should point at Switchboard, and what is wrong with it. */
export interface WiringProblem {
  client: ClientKind;
  file: string;
  what: string;
  /** True when the key must be replaced (unknown, revoked or expired), not only the URL. */
  needsKey: boolean;
}

/** What the wiring is checked against. */
export interface WiringExpect {
  /** The endpoint's URL (`http://127.0.0.1:PORT/mcp`). */
  url: string;
  keys: readonly KeyRecord[];
  now: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parse(client: ClientKind, text: string): Record<string, unknown> | undefined {
  try {
    const raw: unknown = JSON.parse(client === 'vscode' ? stripJsonComments(text) : text);
    return isRecord(raw) ? raw : undefined;
  } catch {
    return undefined;
  }
}

/** The servers object of a parsed client file (VS Code's settings.json nests it under mcp). */
function serversOf(client: ClientKind, file: string, raw: Record<string, unknown>) {
  if (client === 'vscode' && path.basename(file) === 'settings.json') {
    return isRecord(raw.mcp) && isRecord(raw.mcp.servers) ? raw.mcp.servers : undefined;
  }
  const servers = raw[serversKey(client)];
  return isRecord(servers) ? servers : undefined;
}

function hasBackup(file: string): boolean {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.switchboard-backup-`;
  try {
    return readdirSync(dir).some((name) => name.startsWith(prefix));
  } catch {
    return false;
  }
}

/** The URL and key a Switchboard entry carries, from its headers or its bridge command. */
function urlAndKey(entry: Record<string, unknown>): { url?: string; key?: string } {
  const url = [entry.url, entry.serverUrl].find((u): u is string => typeof u === 'string');
  const headers = isRecord(entry.headers) ? entry.headers : {};
  const auth = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  const bearer = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth)?.[1] : undefined;
  if (url !== undefined) return { url, ...(bearer ? { key: bearer } : {}) };
  const args = Array.isArray(entry.args) ? entry.args.map(String) : [];
  const at = args.indexOf('--url');
  const env = isRecord(entry.env) ? entry.env : {};
  const key = typeof env.SWITCHBOARD_KEY === 'string' ? env.SWITCHBOARD_KEY : undefined;
  const flagKey = args.indexOf('--key') >= 0 ? args[args.indexOf('--key') + 1] : undefined;
  return {
    ...(at >= 0 && args[at + 1] ? { url: args[at + 1] } : {}),
    ...((key ?? flagKey) ? { key: key ?? flagKey } : {}),
  };
}

function keyProblem(key: string | undefined, expect: WiringExpect): string | undefined {
  if (!key) return 'carries no key';
  const record = expect.keys.find((k) => k.hash === hashKey(key));
  if (!record) return `carries a key Switchboard does not accept (revoked or from another setup)`;
  if (record.expiresAt && Date.parse(record.expiresAt) <= expect.now) {
    return `carries key "${record.name}", which expired`;
  }
  return undefined;
}

/** What is wrong with one client file's wiring, or undefined when it is fine or not ours. */
export function checkClientFile(
  client: ClientKind,
  file: string,
  expect: WiringExpect,
): WiringProblem | undefined {
  const text = readTextIfExists(file);
  if (text === undefined) return undefined;
  const raw = parse(client, text);
  const servers = raw ? serversOf(client, file, raw) : undefined;
  const entry = servers?.[ENTRY_NAME];
  const problem = (what: string, needsKey: boolean) => ({ client, file, what, needsKey });
  if (!isRecord(entry)) {
    return hasBackup(file) ? problem('no longer points at Switchboard', true) : undefined;
  }
  const { url, key } = urlAndKey(entry);
  const badKey = keyProblem(key, expect);
  if (url !== expect.url) {
    return problem(`points at ${url ?? 'no URL'}, not ${expect.url}`, badKey !== undefined);
  }
  return badKey ? problem(badKey, true) : undefined;
}

/** The key a client file's Switchboard entry carries (to keep it when only the URL drifted). */
export function wiredKey(client: ClientKind, file: string): string | undefined {
  const text = readTextIfExists(file);
  const raw = text === undefined ? undefined : parse(client, text);
  const entry = raw ? serversOf(client, file, raw)?.[ENTRY_NAME] : undefined;
  return isRecord(entry) ? urlAndKey(entry).key : undefined;
}

/** Every known client file (user level, and a project's) whose wiring drifted. */
export function checkClientWiring(
  expect: WiringExpect,
  options: LocationOptions = {},
): WiringProblem[] {
  return knownConfigLocations(options)
    .filter(({ file }) => existsSync(file))
    .map(({ client, file }) => checkClientFile(client, file, expect))
    .filter((p): p is WiringProblem => p !== undefined);
}

/**
 * Sets the `switchboard` entry of a client file again (other entries and settings kept), after
 * copying the file to `<file>.switchboard-backup-<time>`. Returns the backup's path.
 */
export function repairClientFile(
  client: ClientKind,
  file: string,
  input: SnippetInput,
  now: Date = new Date(),
): { backup: string } {
  const text = readTextIfExists(file);
  const raw = text === undefined ? undefined : parse(client, text);
  if (!raw) throw new Error(`Cannot repair ${file}: it is not a JSON object.`);
  const backup = `${file}.switchboard-backup-${now.toISOString().replace(/[:.]/g, '-')}`;
  copyFileSync(file, backup);
  const entry = clientEntry(client, input);
  if (client === 'vscode' && path.basename(file) === 'settings.json') {
    const mcp = isRecord(raw.mcp) ? raw.mcp : {};
    const servers = isRecord(mcp.servers) ? mcp.servers : {};
    raw.mcp = { ...mcp, servers: { ...servers, [ENTRY_NAME]: entry } };
  } else {
    const key = serversKey(client);
    const servers = isRecord(raw[key]) ? raw[key] : {};
    raw[key] = { ...servers, [ENTRY_NAME]: entry };
  }
  writeFileAtomic(file, `${JSON.stringify(raw, null, 2)}\n`);
  return { backup };
}
