import path from 'node:path';
import type { ServerConfig } from '../../shared/model.js';
import { readTextIfExists } from '../gateway/index.js';

/**
 * What an import must not lose or double: Cursor's `envFile` (the variables it names are read
 * in, as secrets), `${workspaceFolder}` (the project folder a project-level file sits in), and
 * a server imported before (recognised by how it starts, so importing again adds nothing).
 */

/**
 * The project folder of a project-level client file (`<p>/.cursor/mcp.json`,
 * `<p>/.vscode/mcp.json`, `<p>/.mcp.json`), or undefined for a user-level one.
 */
export function workspaceOf(file: string, home: string): string | undefined {
  const dir = path.dirname(path.resolve(file));
  const base = path.basename(dir);
  if (base === '.cursor' || base === '.vscode') {
    const project = path.dirname(dir);
    return project === path.resolve(home) ? undefined : project;
  }
  if (path.basename(file) === '.mcp.json') return dir;
  return undefined;
}

const WORKSPACE = /\$\{workspaceFolder\}/g;

/**
 * One raw client entry with `${workspaceFolder}` filled in and an `envFile` read into `env`
 * (the entry's own `env` wins). `problems` says what could not be done: the server then stays
 * disabled with that reason.
 */
export function completeEntry(
  entry: Record<string, unknown>,
  workspace: string | undefined,
  fileDir: string,
): { entry: Record<string, unknown>; problems: string[]; secretNames: string[] } {
  const problems: string[] = [];
  const text = JSON.stringify(entry);
  let filled = entry;
  if (WORKSPACE.test(text)) {
    if (workspace === undefined) {
      problems.push(
        '${workspaceFolder} cannot be known from a user-level file; set the folder by hand',
      );
    } else {
      filled = JSON.parse(text.replace(WORKSPACE, workspace.replace(/\\/g, '\\\\'))) as Record<
        string,
        unknown
      >;
    }
  }
  const { envFile, ...rest } = filled;
  if (typeof envFile !== 'string') return { entry: rest, problems, secretNames: [] };
  if (envFile.includes('${')) {
    problems.push(`envFile ${envFile} could not be read: it uses a placeholder`);
    return { entry: rest, problems, secretNames: [] };
  }
  const where = path.resolve(workspace ?? fileDir, envFile);
  const content = readTextIfExists(where);
  if (content === undefined) {
    problems.push(`envFile ${where} does not exist; its variables are missing`);
    return { entry: rest, problems, secretNames: [] };
  }
  const fromFile = parseEnvFile(content);
  const own = (rest.env ?? {}) as Record<string, string>;
  return {
    entry: { ...rest, env: { ...fromFile, ...own } },
    problems,
    secretNames: Object.keys(fromFile).filter((k) => !(k in own)),
  };
}

/** `KEY=VALUE` lines of a .env file: comments, `export`, and quotes as dotenv reads them. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at <= 0) continue;
    let value = line.slice(at + 1).trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    env[line.slice(0, at).trim()] = value;
  }
  return env;
}

/** How a server starts, as one comparable string: the same for an unchanged re-import. */
export function startKey(server: ServerConfig): string {
  const t = server.transport;
  const sorted = (map: Record<string, string>) =>
    Object.fromEntries(Object.entries(map).sort(([a], [b]) => a.localeCompare(b)));
  return t.type === 'stdio'
    ? JSON.stringify(['stdio', t.command, t.args, sorted(t.env), t.cwd ?? ''])
    : JSON.stringify([t.type, t.url, sorted(t.headers)]);
}

/** The configured server that starts exactly as `server` does, if any. */
export function sameServer(
  existing: readonly ServerConfig[],
  server: ServerConfig,
): ServerConfig | undefined {
  const key = startKey(server);
  return existing.find((s) => startKey(s) === key);
}
