import type crossSpawnType from 'cross-spawn';
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { Readable, Writable } from 'node:stream';

// How stdio servers are started, apart from the transport that speaks to them
// (process-transport.ts): the entries pass a launcher on every start, the transport comes with
// the client SDK when the first server starts.

/** The parts of a child process a stdio transport uses (a ChildProcess, or a utility process). */
export interface ProcessLike extends EventEmitter {
  readonly pid?: number | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  kill(signal?: NodeJS.Signals): boolean;
}

/** Starts a stdio server some other way than `spawn` (the packaged app: a utility process). */
export type StdioLauncher = (
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string | undefined,
) => ProcessLike | undefined;

/**
 * The default launcher: `spawn` without a shell (arguments as an array), stdio piped.
 * Going through ProcessTransport rather than the SDK's StdioClientTransport makes the SDK's
 * protocol-era probe run in place on the connection instead of in a second, throw-away process
 * per server (half the processes at start-up). Like that transport, it spawns through
 * cross-spawn: on Windows `npx` and other `.cmd` shims (the usual `mcpServers` commands) only
 * start through `cmd.exe`, with each argument escaped; elsewhere it is `spawn` itself.
 */
export const spawnLauncher: StdioLauncher = (command, args, env, cwd) =>
  loadCrossSpawn()(command, args, {
    env,
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    shell: false,
    windowsHide: true,
  });

let crossSpawn: typeof crossSpawnType | undefined;

/**
 * cross-spawn (and the `which` lookup it brings), loaded with the first server started: an
 * everyday start lists every server from memory and starts none before its first call.
 */
function loadCrossSpawn(): typeof crossSpawnType {
  crossSpawn ??= createRequire(import.meta.url)('cross-spawn') as typeof crossSpawnType;
  return crossSpawn;
}
