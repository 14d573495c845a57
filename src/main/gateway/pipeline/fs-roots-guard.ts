import { lstat, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Config, ServerConfig } from '../../../shared/model.js';

/** The package whose servers this guard knows: its tools take these path arguments. */
const FILESYSTEM_PACKAGE = /(?:^|[\\/@]|mcp-)server-filesystem(?:[\\/@]|$)/;
/** The filesystem server's path arguments (a string, or for `paths` a list of strings). */
const PATH_ARGUMENTS = ['path', 'paths', 'source', 'destination'];

/** The rule a refusal names. */
export const FS_ROOTS_RULE = 'filesystem roots';

/**
 * The configured folders of a filesystem server (the `@modelcontextprotocol/server-filesystem`
 * package, as the filesystem preset and the default config run it, or through `npx`), as
 * absolute paths; undefined for any other server.
 */
export function filesystemRoots(server: ServerConfig): string[] | undefined {
  const transport = server.transport;
  if (transport.type !== 'stdio') return undefined;
  const words = [transport.command, ...transport.args];
  const at = words.findIndex((w) => FILESYSTEM_PACKAGE.test(w));
  if (at < 0) return undefined;
  const base = transport.cwd ?? process.cwd();
  return words
    .slice(at + 1)
    .filter((w) => !w.startsWith('-'))
    .map((w) => path.resolve(base, expandHome(w)));
}

/**
 * Why a call to a filesystem server is refused, or undefined: a path argument that does not
 * resolve inside the server's configured folders. Each path is resolved as the server does
 * (`~` expanded, relative to the first folder), then through every symbolic link at call time:
 * the path itself, or for a file not yet there, its nearest existing parent. A dangling link
 * is refused, since where a write through it lands cannot be known.
 *
 * Caveat: this narrows, but cannot close, the window in which a local process that can write
 * inside a root swaps a folder for a link between this check and the server's own write
 * (see SECURITY.md). Roots must not be writable by anyone you do not trust.
 */
export async function fsRootsProblem(
  config: Config,
  serverId: string,
  args: Record<string, unknown>,
): Promise<string | undefined> {
  const roots = rootsOf(config, serverId);
  if (!roots || roots.length === 0) return undefined;
  const paths = PATH_ARGUMENTS.flatMap((name) => {
    const value = args[name];
    if (typeof value === 'string') return [value];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  });
  if (paths.length === 0) return undefined;
  const realRoots = (await Promise.all(roots.map(realOrNothing))).filter(
    (r): r is string => r !== undefined,
  );
  for (const requested of paths) {
    const absolute = path.resolve(roots[0] ?? '', expandHome(requested));
    const real = await realOfNearest(absolute);
    if (real !== undefined && realRoots.some((root) => isInside(real, root))) continue;
    const where = real === undefined ? 'through a dangling link' : `to ${JSON.stringify(real)}`;
    return (
      `Denied by Switchboard (rule: ${FS_ROOTS_RULE}): the path ${JSON.stringify(requested)} ` +
      `resolves ${where}, outside the folders server "${serverId}" may use.`
    );
  }
  return undefined;
}

/** Each config's filesystem roots by server, found once: this runs before every call. */
const rootsByConfig = new WeakMap<Config, Map<string, string[] | undefined>>();

function rootsOf(config: Config, serverId: string): string[] | undefined {
  let byServer = rootsByConfig.get(config);
  if (!byServer) {
    byServer = new Map();
    rootsByConfig.set(config, byServer);
  }
  if (!byServer.has(serverId)) {
    const server = config.servers.find((s) => s.id === serverId);
    byServer.set(serverId, server && filesystemRoots(server));
  }
  return byServer.get(serverId);
}

/** The real path of `target`, or of its nearest existing parent plus the missing rest. */
async function realOfNearest(target: string): Promise<string | undefined> {
  const missing: string[] = [];
  for (let at = target; ; at = path.dirname(at)) {
    try {
      return path.join(await realpath(at), ...missing.reverse());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
      // Something is there but does not resolve: a dangling link.
      if (
        await lstat(at).then(
          () => true,
          () => false,
        )
      )
        return undefined;
      if (path.dirname(at) === at) return undefined;
      missing.push(path.basename(at));
    }
  }
}

async function realOrNothing(dir: string): Promise<string | undefined> {
  try {
    return await realpath(dir);
  } catch {
    return undefined;
  }
}

function isInside(candidate: string, root: string): boolean {
  const relative = path.relative(root, candidate);
  if (relative === '..' || relative.startsWith(`..${path.sep}`)) return false;
  return !path.isAbsolute(relative);
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(homedir(), p.slice(1)) : p;
}
