import { existsSync } from 'node:fs';
import { delimiter, dirname, extname, isAbsolute, join, sep } from 'node:path';
import type { ServerConfig } from '../../../shared/model.js';
import { errorMessage } from '../errors.js';
import { findNoOAuthMetadata } from './oauth/no-oauth-metadata.js';

/**
 * Why a server could not start, in words a person can act on: the folder that is missing
 * rather than the `spawn node ENOENT` it causes, the host and port that refused, the first
 * line the server wrote to stderr rather than the SDK's "probe failed".
 *
 * Pure but for `existsSync` on the paths the config names: it runs once per failed start.
 */
export function downReason(
  config: ServerConfig,
  error: unknown,
  stderr: readonly string[],
  exists: (path: string) => boolean = existsSync,
): string {
  const raw = errorMessage(error);
  const transport = config.transport;
  if (transport.type === 'stdio') {
    const spawn = spawnProblem(transport, error, exists);
    if (spawn) return spawn;
    const said = meaningfulLine(stderr);
    const missing = missingPathArg(transport.args, exists);
    if (missing)
      return `folder ${missing} does not exist${said ? ` (the server said: ${said})` : ''}`;
    if (said) return `${said} (the server wrote this to stderr; it could not start)`;
    return raw;
  }
  // Before the 401 wording below: this 401 has a cause the person can fix in one step.
  const noMetadata = findNoOAuthMetadata(error);
  if (noMetadata) return noMetadata.message;
  return networkProblem(transport.url, error) ?? raw;
}

/**
 * What keeps a server from starting that can be seen without starting it: a missing working
 * folder or folder argument, a command not on PATH. Undefined when nothing is seen (the
 * server may still fail; only starting it tells).
 */
export function configProblem(
  config: ServerConfig,
  exists: (path: string) => boolean = existsSync,
  path = process.env.PATH ?? '',
): string | undefined {
  const transport = config.transport;
  if (transport.type !== 'stdio') return undefined;
  if (transport.cwd && !exists(transport.cwd)) return `folder ${transport.cwd} does not exist`;
  const missing = missingPathArg(transport.args, exists);
  if (missing) return `folder ${missing} does not exist`;
  const { command } = transport;
  const found = command.includes(sep)
    ? exists(command)
    : path.split(delimiter).some((dir) => dir && exists(join(dir, command)));
  return found ? undefined : `command ${command} was not found (is it installed and on PATH?)`;
}

/**
 * The system code (`ECONNREFUSED`, `ENOENT`, a TLS code) deepest in an error's cause chain:
 * the SDK wraps `fetch failed` (with a code of its own) around the socket's error.
 */
function codeOf(error: unknown): { code: string; cause: Record<string, unknown> } | undefined {
  let found: { code: string; cause: Record<string, unknown> } | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    const record = current as Record<string, unknown>;
    if (typeof record.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(record.code)) {
      found = { code: record.code, cause: record };
    }
    current = record.cause;
  }
  return found;
}

type Stdio = Extract<ServerConfig['transport'], { type: 'stdio' }>;

/** A process that never ran: a missing working folder, folder argument or command. */
function spawnProblem(
  transport: Stdio,
  error: unknown,
  exists: (path: string) => boolean,
): string | undefined {
  const found = codeOf(error);
  if (!found || (found.code !== 'ENOENT' && found.code !== 'EACCES')) return undefined;
  if (transport.cwd && !exists(transport.cwd)) return `folder ${transport.cwd} does not exist`;
  const missing = missingPathArg(transport.args, exists);
  if (missing) return `folder ${missing} does not exist`;
  if (found.code === 'EACCES') return `command ${transport.command} is not executable`;
  return `command ${transport.command} was not found (is it installed and on PATH?)`;
}

/**
 * The first missing folder an absolute path argument (or `--flag=/path` value) names: the
 * path itself, or for a file (`/data/x.db`, which the server may create) its folder.
 */
function missingPathArg(args: readonly string[], exists: (path: string) => boolean) {
  for (const arg of args) {
    const value = arg.startsWith('-') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (!isAbsolute(value) || exists(value)) continue;
    const folder = extname(value) ? dirname(value) : value;
    if (!exists(folder)) return folder;
  }
  return undefined;
}

const BANNER = /^(\s*$|[-=*#~_]{3,}|.*\b(running on|listening on|started|starting|version \d)\b)/i;
const STACK_FRAME = /^\s*(at\s|node:internal|\^+\s*$|Node\.js v\d)/;

/**
 * The first stderr line that says something: not blank, not a banner ("running on stdio"),
 * not a stack frame. Error lines win over earlier chatter.
 */
export function meaningfulLine(lines: readonly string[]): string | undefined {
  const useful = lines.map((l) => l.trim()).filter((l) => !BANNER.test(l) && !STACK_FRAME.test(l));
  const error = useful.find((l) => /^\S*error\b/i.test(l));
  const problem = useful.find((l) =>
    /error|cannot|can't|not found|no such|denied|invalid/i.test(l),
  );
  const line = error ?? problem ?? useful[0];
  return line && line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** The SDK's UnauthorizedError (a 401 without an auth provider) carries no status text. */
function unauthorized(error: unknown): [string, string] | undefined {
  const name = error instanceof Error ? error.name : '';
  return /Unauthorized/i.test(name) || /unauthorized/i.test(errorMessage(error))
    ? ['401', '401']
    : undefined;
}

const TLS_CODE = /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY))/;

/** A connection that failed below HTTP: refused, no such host, TLS. */
function networkProblem(url: string, error: unknown): string | undefined {
  const found = codeOf(error);
  const { hostname, port, protocol } = new URL(url);
  const where = `${hostname}:${port || (protocol === 'https:' ? '443' : '80')}`;
  // Credentials refused: say so, never echo the answer (it may quote the header back). The
  // SDK's error for it may carry a code of its own, so this comes before the socket codes.
  const auth = /\b(401|403)\b/.exec(errorMessage(error)) ?? unauthorized(error);
  if (auth) {
    return `${where} refused the credentials (HTTP ${auth[1]}): check the token or key this server is given`;
  }
  if (!found) {
    const status = /\b(404|5\d\d)\b/.exec(errorMessage(error));
    return status ? `${url} answered HTTP ${status[1]}: ${errorMessage(error)}` : undefined;
  }
  const { code } = found;
  if (code === 'ECONNREFUSED') return `connection refused by ${where} (is the server running?)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `host ${hostname} could not be found (DNS lookup failed)`;
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return `connecting to ${where} timed out`;
  }
  if (code === 'ECONNRESET') return `${where} closed the connection`;
  if (TLS_CODE.test(code)) {
    return `TLS failed with ${hostname}: ${String(found.cause.message ?? code)} (${code})`;
  }
  return undefined;
}
