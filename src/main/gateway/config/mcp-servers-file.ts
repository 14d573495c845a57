import {
  McpServersFileSchema,
  ServerConfigSchema,
  type McpServerEntry,
  type McpServersFile,
  type ServerConfig,
} from '../../../shared/model.js';
import { describeIssues } from '../errors.js';
import { readTextIfExists } from './files.js';

/**
 * Claude Desktop / Cursor `mcpServers` files: reading one, and turning its entries into
 * servers with unique ids (secrets recognised by their variable or header names).
 */

/** A server id from a display name: lower-case, runs of other characters → "-", at most 32. */
export function toServerId(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return id || 'server';
}

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  for (let n = 2, id = base; ; n += 1) {
    if (!taken.has(id)) return id;
    const suffix = `-${n}`;
    id = base.slice(0, 32 - suffix.length).replace(/-+$/, '') + suffix;
  }
}

/** Whether an env variable or header name looks like it holds a secret (TOKEN, API_KEY, Authorization, PAT …). */
export function looksLikeSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some(
    (w) =>
      /token|secret|passw(?:or)?d|credential/.test(w) ||
      w === 'pat' ||
      w.endsWith('key') ||
      (w.startsWith('auth') && w !== 'author' && w !== 'authors'),
  );
}

function remoteType(entry: { url: string; type?: string | undefined }): 'http' | 'sse' {
  if (entry.type !== undefined) return entry.type === 'sse' ? 'sse' : 'http';
  let pathname = entry.url.split(/[?#]/)[0] ?? '';
  if (URL.canParse(entry.url)) pathname = new URL(entry.url).pathname;
  return /\/sse\/?$/i.test(pathname) ? 'sse' : 'http';
}

function serverFromEntry(id: string, name: string, entry: McpServerEntry): unknown {
  const base = { id, name, enabled: entry.disabled !== true };
  if ('command' in entry) {
    const { command, args = [], env = {}, cwd } = entry;
    const transport = { type: 'stdio', command, args, env, ...(cwd === undefined ? {} : { cwd }) };
    return { ...base, transport, secrets: Object.keys(env).filter(looksLikeSecretName) };
  }
  const headers = entry.headers ?? {};
  const transport = { type: remoteType(entry), url: entry.url, headers };
  return { ...base, transport, secrets: Object.keys(headers).filter(looksLikeSecretName) };
}

/** Converts an `mcpServers` file to servers with unique ids (avoiding `takenIds`); an entry that cannot be used is skipped with a warning. */
export function serversFromMcpServers(
  file: McpServersFile,
  takenIds: Iterable<string> = [],
): { servers: ServerConfig[]; warnings: string[] } {
  const taken = new Set(takenIds);
  const servers: ServerConfig[] = [];
  const warnings: string[] = [];
  for (const [name, entry] of Object.entries(file.mcpServers)) {
    const wanted = toServerId(name);
    const id = uniqueId(wanted, taken);
    const parsed = ServerConfigSchema.safeParse(serverFromEntry(id, name, entry));
    if (!parsed.success) {
      warnings.push(`"${name}" was skipped: ${describeIssues(parsed.error)}`);
      continue;
    }
    if (id !== wanted) warnings.push(`"${name}" got the id "${id}" because "${wanted}" was taken`);
    taken.add(id);
    servers.push(parsed.data);
  }
  return { servers, warnings };
}

/** Reads and validates an `mcpServers` JSON file; throws one message naming the file and the problem. */
export function loadMcpServersFile(file: string): McpServersFile {
  const fail = (problem: string): never => {
    throw new Error(`Cannot import ${file}: ${problem}. Fix the file or choose another one.`);
  };
  let text: string | undefined;
  try {
    text = readTextIfExists(file);
  } catch (error) {
    return fail(`it cannot be read (${(error as Error).message})`);
  }
  if (text === undefined) return fail('the file does not exist');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail(`it is not valid JSON (${(error as Error).message})`);
  }
  const parsed = McpServersFileSchema.safeParse(raw);
  return parsed.success
    ? parsed.data
    : fail(`it is not an mcpServers file (${describeIssues(parsed.error)})`);
}
