import { copyFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  McpServerEntrySchema,
  type McpServerEntry,
  type ServerConfig,
} from '../../shared/model.js';
import { readTextIfExists, serversFromMcpServers, writeFileAtomic } from '../gateway/index.js';
import { completeEntry, workspaceOf } from './import-fidelity.js';
import { clientEntry, serversKey, type ClientKind, type SnippetInput } from './snippets.js';

/**
 * Import: reads the MCP servers that Claude Desktop, Claude Code, Cursor, VS Code and
 * Windsurf already use, previews them as (disabled) Switchboard servers, and can rewrite a
 * client's file so that it points at Switchboard instead, after a backup of the original.
 */

/** A config file a client reads, and which client it belongs to. */
export interface ClientConfigLocation {
  client: ClientKind;
  file: string;
}

/** What an import would bring in: every server disabled until a person enables it. */
export interface ImportPreview {
  client: ClientKind;
  file: string;
  servers: ServerConfig[];
  warnings: string[];
}

/** Where `knownConfigLocations` looks; each field defaults to this process's. */
export interface LocationOptions {
  platform?: NodeJS.Platform;
  home?: string;
  env?: NodeJS.ProcessEnv;
  /** A project folder whose `.mcp.json`, `.cursor/mcp.json` and `.vscode/mcp.json` count too. */
  projectDir?: string;
}

/** The files each client reads on macOS and Linux (user level, then the project's). */
export function knownConfigLocations(options: LocationOptions = {}): ClientConfigLocation[] {
  const { platform = process.platform, home = os.homedir(), env = process.env } = options;
  const join = path.posix.join;
  const appSupport =
    platform === 'darwin'
      ? join(home, 'Library', 'Application Support')
      : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  const found: ClientConfigLocation[] = [
    { client: 'claude-desktop', file: join(appSupport, 'Claude', 'claude_desktop_config.json') },
    { client: 'claude-code', file: join(home, '.claude.json') },
    { client: 'cursor', file: join(home, '.cursor', 'mcp.json') },
    { client: 'vscode', file: join(appSupport, 'Code', 'User', 'mcp.json') },
    { client: 'vscode', file: join(appSupport, 'Code', 'User', 'settings.json') },
    { client: 'windsurf', file: join(home, '.codeium', 'windsurf', 'mcp_config.json') },
  ];
  const project = options.projectDir;
  if (project !== undefined) {
    found.push(
      { client: 'claude-code', file: path.join(project, '.mcp.json') },
      { client: 'cursor', file: path.join(project, '.cursor', 'mcp.json') },
      { client: 'vscode', file: path.join(project, '.vscode', 'mcp.json') },
    );
  }
  return found;
}

/** JSON with comments and trailing commas (VS Code's settings.json) as plain JSON. */
export function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else {
      out += c;
    }
  }
  return dropTrailingCommas(out);
}

const CLOSER = /\s*[}\]]/y;

function closesNext(text: string, from: number): boolean {
  CLOSER.lastIndex = from;
  return CLOSER.test(text);
}

/** Removes a comma before `}` or `]`, outside strings (run after comments are gone). */
function dropTrailingCommas(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (c !== ',' || !closesNext(text, i + 1)) {
      out += c;
    }
  }
  return out;
}

function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where in a parsed file a client keeps its servers: [label, the servers object]. */
function serverGroups(client: ClientKind, raw: Record<string, unknown>): [string, unknown][] {
  if (client === 'vscode') {
    // .vscode/mcp.json and the user mcp.json: "servers"; settings.json: "mcp": { "servers" }.
    const mcp = isRecord(raw.mcp) ? raw.mcp.servers : undefined;
    return [
      ['servers', raw.servers],
      ['mcp.servers', mcp],
    ];
  }
  const groups: [string, unknown][] = [['mcpServers', raw.mcpServers]];
  if (client === 'claude-code' && isRecord(raw.projects)) {
    for (const [project, settings] of Object.entries(raw.projects)) {
      if (isRecord(settings)) groups.push([`project ${project}`, settings.mcpServers]);
    }
  }
  return groups;
}

/** One client entry in the shape McpServerEntrySchema reads (VS Code's and Windsurf's quirks). */
function normalizeEntry(entry: unknown): unknown {
  if (!isRecord(entry)) return entry;
  const { type, serverUrl, ...rest } = entry;
  if (typeof serverUrl === 'string' && rest.url === undefined) rest.url = serverUrl;
  if (type === 'stdio' || ('command' in rest && type === undefined)) return rest;
  return type === undefined ? rest : { ...rest, type };
}

/** `${input:…}` / `${env:…}` placeholders the client would fill in, which we cannot. */
function placeholderWarning(name: string, entry: McpServerEntry): string | undefined {
  const text = JSON.stringify(entry);
  const found = text.match(/\$\{(?:input|env|workspaceFolder|userHome)[^}]*\}/g);
  return found
    ? `"${name}" uses ${[...new Set(found)].join(', ')}; fill those in after importing`
    : undefined;
}

/**
 * Parses one client's config text into a preview; `takenIds` are ids already in use. An entry's
 * `envFile` is read and `${workspaceFolder}` filled from the file's own folder (import-fidelity).
 */
export function parseClientConfig(
  client: ClientKind,
  file: string,
  text: string,
  takenIds: Iterable<string> = [],
  home: string = os.homedir(),
): ImportPreview {
  let raw: unknown;
  try {
    raw = JSON.parse(client === 'vscode' ? stripJsonComments(text) : text);
  } catch (error) {
    throw new Error(`Cannot import ${file}: it is not valid JSON (${(error as Error).message}).`);
  }
  if (!isRecord(raw)) throw new Error(`Cannot import ${file}: it is not a JSON object.`);
  const warnings: string[] = [];
  const entries: Record<string, McpServerEntry> = {};
  const fromEnvFiles = new Set<string>();
  const workspace = workspaceOf(file, home);
  for (const [label, group] of serverGroups(client, raw)) {
    if (!isRecord(group)) continue;
    for (const [name, rawEntry] of Object.entries(group)) {
      let entry = rawEntry;
      if (isRecord(rawEntry)) {
        const completed = completeEntry(rawEntry, workspace, path.dirname(file));
        entry = completed.entry;
        for (const problem of completed.problems) {
          warnings.push(`"${name}" stays disabled: ${problem}`);
        }
        for (const key of completed.secretNames) fromEnvFiles.add(key);
      }
      const parsed = McpServerEntrySchema.safeParse(normalizeEntry(entry));
      if (!parsed.success) {
        warnings.push(`"${name}" (${label}) was skipped: it has neither a command nor a url`);
        continue;
      }
      if (name in entries) warnings.push(`"${name}" appears again in ${label}; both are imported`);
      const warning = placeholderWarning(name, parsed.data);
      if (warning) warnings.push(warning);
      entries[name in entries ? `${name}-${label}` : name] = parsed.data;
    }
  }
  const result = serversFromMcpServers({ mcpServers: entries }, takenIds);
  // Nothing runs until a person has looked at it ("show what will be imported").
  const servers = result.servers.map((s) => ({
    ...s,
    enabled: false,
    secrets: withEnvFileSecrets(s, fromEnvFiles),
  }));
  return { client, file, servers, warnings: [...warnings, ...result.warnings] };
}

/** A server's secrets plus the env entries an envFile brought (a .env holds keys and tokens). */
function withEnvFileSecrets(server: ServerConfig, names: ReadonlySet<string>): string[] {
  const t = server.transport;
  if (t.type !== 'stdio' || names.size === 0) return server.secrets;
  const more = Object.keys(t.env).filter((k) => names.has(k) && !server.secrets.includes(k));
  return [...server.secrets, ...more];
}

/** Reads a client's config file into a preview; throws a message naming the file. */
export function readClientConfig(
  client: ClientKind,
  file: string,
  takenIds: Iterable<string> = [],
): ImportPreview {
  const text = readTextIfExists(file);
  if (text === undefined) throw new Error(`Cannot import ${file}: the file does not exist.`);
  return parseClientConfig(client, file, text, takenIds);
}

/** Previews of every known config file that exists and holds at least one server. */
export function detectClientConfigs(
  options: LocationOptions = {},
  takenIds: Iterable<string> = [],
): ImportPreview[] {
  const previews: ImportPreview[] = [];
  const taken = [...takenIds];
  for (const { client, file } of knownConfigLocations(options)) {
    if (!existsSync(file)) continue;
    try {
      const preview = readClientConfig(client, file, taken);
      if (preview.servers.length > 0 || preview.warnings.length > 0) previews.push(preview);
    } catch (error) {
      previews.push({ client, file, servers: [], warnings: [(error as Error).message] });
    }
  }
  return previews;
}

/** Options of `rewriteClientConfig`. */
export interface RewriteOptions extends SnippetInput {
  /** For the backup's name; default now. */
  now?: Date;
}

/**
 * Points a client at Switchboard: copies the file to `<file>.switchboard-backup-<time>`, then
 * replaces every server in it with one `switchboard` entry (HTTP with the key, or the
 * `switchboard connect` bridge for Claude Desktop). Other settings in the file are kept;
 * comments in a VS Code settings.json are not. Returns the backup's path.
 */
export function rewriteClientConfig(
  client: ClientKind,
  file: string,
  options: RewriteOptions,
): { backup: string } {
  const text = readTextIfExists(file);
  if (text === undefined) throw new Error(`Cannot rewrite ${file}: the file does not exist.`);
  const raw: unknown = JSON.parse(client === 'vscode' ? stripJsonComments(text) : text);
  if (!isRecord(raw)) throw new Error(`Cannot rewrite ${file}: it is not a JSON object.`);
  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const backup = `${file}.switchboard-backup-${stamp}`;
  copyFileSync(file, backup);
  const servers = { [options.name ?? 'switchboard']: clientEntry(client, options) };
  if (client === 'vscode' && path.basename(file) === 'settings.json') {
    raw.mcp = { ...(isRecord(raw.mcp) ? raw.mcp : {}), servers };
  } else {
    raw[serversKey(client)] = servers;
  }
  if (client === 'claude-code' && isRecord(raw.projects)) {
    for (const settings of Object.values(raw.projects)) {
      if (isRecord(settings) && isRecord(settings.mcpServers)) settings.mcpServers = {};
    }
  }
  writeFileAtomic(file, `${JSON.stringify(raw, null, 2)}\n`);
  return { backup };
}
