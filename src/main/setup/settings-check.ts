import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, sep } from 'node:path';
import type { PresetField, ServerConfig } from '../../shared/model.js';

/**
 * Settings checked before a server is added or changed, so a wrong one is refused with its name
 * and what is wrong ("Folder (root): folder /x does not exist") instead of a server that comes
 * up "down" with a reason in its stderr, or "ready" and failing at its first call.
 */

/** How the checks reach the world; the real file system and PostgreSQL unless a test says. */
export interface CheckDeps {
  stat(path: string): Stats | undefined;
  /** Why a test connection to this PostgreSQL URL fails, or undefined when it succeeds. */
  postgres(url: string): Promise<string | undefined>;
  path: string;
}

const statOrUndefined = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

export const realCheckDeps: CheckDeps = {
  stat: statOrUndefined,
  postgres: postgresProblem,
  // Read at each check: the desktop app fills PATH from the login shell after start-up.
  get path() {
    return process.env.PATH ?? '';
  },
};

/**
 * Every problem of a preset's resolved values that needs the world (a folder, a file, a test
 * connection), each naming the setting: empty when fine. Formats (numbers, URL schemes) are
 * checked earlier, by resolveFieldValues.
 */
export async function checkPresetValues(
  fields: readonly PresetField[],
  values: Readonly<Record<string, string>>,
  deps: CheckDeps = realCheckDeps,
): Promise<string[]> {
  const problems: string[] = [];
  for (const field of fields) {
    const value = values[field.key] ?? '';
    if (value === '') continue;
    const problem = await checkField(field, value, deps);
    if (problem) problems.push(`${field.label} (${field.key}): ${problem}`);
  }
  return problems;
}

async function checkField(field: PresetField, value: string, deps: CheckDeps) {
  if (field.kind === 'path') return pathProblem(field, value, deps);
  if (field.probe === 'postgres' && URL.canParse(value)) return deps.postgres(value);
  return undefined;
}

function pathProblem(field: PresetField, value: string, deps: CheckDeps): string | undefined {
  if (!isAbsolute(value)) return `must be an absolute path, not "${value}"`;
  const stat = deps.stat(value);
  if (field.pathIs === 'folder') {
    if (!stat) return `folder ${value} does not exist`;
    return stat.isDirectory() ? undefined : `${value} is a file, not a folder`;
  }
  if (field.pathIs !== 'file') return undefined;
  if (stat?.isDirectory()) return `${value} is a folder, not a file`;
  if (!stat) {
    const folder = dirname(value);
    const parent = deps.stat(folder);
    if (!parent) return `folder ${folder} does not exist (the file would be created in it)`;
    return parent.isDirectory() ? undefined : `${folder} is a file, not a folder`;
  }
  if (field.probe === 'sqlite' && stat.size > 0 && !isSqliteFile(value)) {
    return `${value} is not a SQLite database (its first bytes are not "SQLite format 3")`;
  }
  return undefined;
}

const SQLITE_HEADER = 'SQLite format 3\0';

function isSqliteFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    readSync(fd, head, 0, head.length, 0);
    return head.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/** How long the test connection to a database may take before it counts as unreachable. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * Why connecting to this PostgreSQL URL fails, in words naming the part to fix (user, password,
 * database, host or port), never the URL itself (it may carry the password).
 */
export async function postgresProblem(url: string): Promise<string | undefined> {
  const parsed = new URL(url);
  const host = parsed.hostname || 'localhost';
  const where = `${host}:${parsed.port || '5432'}`;
  const user = decodeURIComponent(parsed.username) || '(none)';
  const database = decodeURIComponent(parsed.pathname.slice(1)) || user;
  // Loaded here, not with the module: pg wakes Node's fetch (undici) as it loads, a twentieth of
  // every start, for a check only adding a PostgreSQL server makes.
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
  });
  // A failed connection may still emit 'error' after connect() rejected; it is answered there.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return pgErrorText(error, { where, host, user, database });
  } finally {
    await client.end().catch(() => undefined);
  }
}

function pgErrorText(
  error: unknown,
  at: { where: string; host: string; user: string; database: string },
): string {
  const { code, message } = error as { code?: string; message?: string };
  const test = 'the test connection failed';
  switch (code) {
    case '28P01':
      return `${test}: the password for user "${at.user}" was refused`;
    case '28000':
      return `${test}: user "${at.user}" may not connect (no such role, or pg_hba.conf refuses it)`;
    case '3D000':
      return `${test}: database "${at.database}" does not exist on ${at.where}`;
    case 'ECONNREFUSED':
      return `${test}: nothing accepts connections on ${at.where} (check the host and port)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${test}: host ${at.host} could not be found (DNS lookup failed)`;
    default:
      if (/timeout/i.test(message ?? '')) return `${test}: ${at.where} did not answer in time`;
      return `${test} (${at.where}): ${message ?? String(error)}`;
  }
}

/**
 * Problems of a plain server's config that can be seen without starting it: a working folder
 * that is missing or a file, a command that is not found. Placeholders (`${node}`) are taken
 * as found: the gateway fills them from its own install.
 */
export function checkServerConfig(server: ServerConfig, deps: CheckDeps = realCheckDeps): string[] {
  const t = server.transport;
  if (t.type !== 'stdio') return [];
  const problems: string[] = [];
  if (t.cwd && !t.cwd.includes('${')) {
    const stat = deps.stat(t.cwd);
    if (!stat) problems.push(`working folder (cwd): folder ${t.cwd} does not exist`);
    else if (!stat.isDirectory()) problems.push(`working folder (cwd): ${t.cwd} is not a folder`);
  }
  if (!t.command.includes('${') && !commandFound(t.command, deps)) {
    problems.push(`command: ${t.command} was not found (is it installed and on PATH?)`);
  }
  return problems;
}

function commandFound(command: string, deps: CheckDeps): boolean {
  const isFile = (p: string) => deps.stat(p)?.isFile() === true;
  if (command.includes(sep) || isAbsolute(command)) return isFile(command);
  return deps.path.split(delimiter).some((dir) => dir !== '' && isFile(join(dir, command)));
}
