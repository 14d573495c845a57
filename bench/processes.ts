import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pidusage from 'pidusage';

/** The repository root (bench/..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(REPO_ROOT, 'package.json'));
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;
const FIXTURE_SOURCE = join(REPO_ROOT, 'test/fixtures/servers/fixture-server.ts');
const BUILT_HEADLESS = join(REPO_ROOT, 'out/main/headless.cjs');
const STARTUP_LIMIT_MS = 30_000;

/** Scratch space for this run: the bundled fixture and every data directory. */
export const SCRATCH = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));

/** How a process is launched: `node <nodeArgs…>`. */
export interface NodeCommand {
  command: string;
  args: string[];
  /** Human-readable, for results.md. */
  label: string;
}

// Every process group this script started; each is killed by its id when the script exits.
const groups = new Set<number>();
let cleanupInstalled = false;

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const killAll = () => {
    for (const pgid of groups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    groups.clear();
    rmSync(SCRATCH, { recursive: true, force: true });
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

/**
 * Spawns a process in its own process group (detached), so the group — the process and every
 * server it starts — can be killed by id if the script fails half-way.
 */
export function spawnTracked(
  cmd: NodeCommand,
  extra: string[],
  env: NodeJS.ProcessEnv,
): ChildProcess {
  installCleanup();
  const child = spawn(cmd.command, [...cmd.args, ...extra], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid !== undefined) {
    const pgid = child.pid;
    groups.add(pgid);
    child.once('exit', () => {
      // The group may outlive its leader (orphaned servers): kill what is left of it.
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // nothing left
      }
      groups.delete(pgid);
    });
  }
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process exited. */
export async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const escalate = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(escalate);
}

function tail(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    text = (text + chunk).slice(-4_000);
  });
  return () => text;
}

/** Resolves with the first stdout line matching `pattern`, or rejects on exit / timeout. */
export function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  what: string,
): Promise<RegExpExecArray> {
  const stderr = tail(child);
  return new Promise((resolveLine, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} not ready in ${STARTUP_LIMIT_MS} ms:\n${stderr()}`)),
      STARTUP_LIMIT_MS,
    );
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it was ready:\n${stderr()}`));
    };
    child.once('exit', onExit);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolveLine(match);
    });
  });
}

/**
 * The fixture MCP server as one plain-JS file (esbuild, bundled into the scratch dir), so a
 * server's start-up costs what a real Node server's does, not tsx's transpiling. Falls back to
 * running the TypeScript source through tsx when esbuild cannot be loaded.
 */
export async function prepareFixture(): Promise<NodeCommand> {
  const outfile = join(SCRATCH, 'fixture-server.mjs');
  try {
    // esbuild comes with tsx and vite (not a direct dependency): loaded lazily, optional.
    const { build } = await import('esbuild');
    await build({
      entryPoints: [FIXTURE_SOURCE],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'error',
      banner: {
        js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
      },
    });
    return {
      command: process.execPath,
      args: [outfile],
      label: 'node <esbuild bundle of test/fixtures/servers/fixture-server.ts>',
    };
  } catch (error) {
    process.stderr.write(`bench: esbuild unavailable (${String(error)}); fixture runs via tsx\n`);
    return {
      command: process.execPath,
      args: ['--import', TSX_LOADER, FIXTURE_SOURCE],
      label: 'node --import tsx test/fixtures/servers/fixture-server.ts',
    };
  }
}

/** A running HTTP fixture. */
export interface HttpServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Spawns a process that prints `listening <port>` and resolves with its MCP URL on 127.0.0.1. */
async function startListening(
  cmd: NodeCommand,
  args: string[],
  what: string,
): Promise<HttpServerProcess> {
  const child = spawnTracked(cmd, args, {});
  try {
    const match = await waitForLine(child, /^listening (\d+)$/, what);
    return {
      url: `http://127.0.0.1:${match[1]}/mcp`,
      pid: child.pid ?? -1,
      stop: () => stopProcess(child),
    };
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
}

/** Runs the fixture over Streamable HTTP on 127.0.0.1 (both eras, 2025 with sessions). */
export function startHttpFixture(fixture: NodeCommand, args: string[]): Promise<HttpServerProcess> {
  return startListening(fixture, [...args, '--transport', 'http', '--port', '0'], 'fixture server');
}

/** The instant endpoint (bench/instant-endpoint.mjs), on bare `node`. */
export const INSTANT_ENDPOINT: NodeCommand = {
  command: process.execPath,
  args: [join(REPO_ROOT, 'bench/instant-endpoint.mjs')],
  label: 'instant',
};

/**
 * The SDK floor (bench/sdk-endpoint.ts) as `switchboard serve` runs: one esbuild bundle in its own
 * folder, loaded by a launcher that turns the V8 code cache on first (out/main/code-cache.cjs).
 * Built once per bench run. No fallback to tsx, unlike the fixture: a floor loaded from sources
 * would not be one.
 */
export async function sdkEndpointCommand(): Promise<NodeCommand> {
  const dir = join(SCRATCH, 'sdk-endpoint');
  const launcher = join(dir, 'launch.cjs');
  if (!existsSync(launcher)) {
    mkdirSync(dir, { recursive: true });
    const { build } = await import('esbuild');
    await build({
      entryPoints: [join(REPO_ROOT, 'bench/sdk-endpoint.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: join(dir, 'sdk-endpoint.cjs'),
      logLevel: 'error',
    });
    const codeCache = JSON.stringify(join(REPO_ROOT, 'out/main/code-cache.cjs'));
    writeFileSync(
      launcher,
      `require(${codeCache}).enableCodeCache(__dirname);\nrequire('./sdk-endpoint.cjs');\n`,
    );
  }
  return { command: process.execPath, args: [launcher], label: 'sdk-endpoint' };
}

/** Runs the SDK endpoint past its code cache's first write (3 s), so later starts load from it. */
export async function warmSdkEndpoint(endpoint: NodeCommand): Promise<void> {
  const child = spawnTracked(endpoint, ['--port', '0'], {});
  try {
    await waitForLine(child, /^listening/, endpoint.label);
    await delay(3_500);
  } finally {
    await stopProcess(child);
  }
}

/** The instant endpoint, listening. */
export function startInstantEndpoint(): Promise<HttpServerProcess> {
  return startListening(INSTANT_ENDPOINT, [], 'instant endpoint');
}

/**
 * The bare forwarder (bench/bare-forwarder.ts) in front of `server` over stdio, listening;
 * `nodeFlags` go to its own `node` (a profiler's, say).
 */
export function startBareForwarder(
  server: NodeCommand,
  nodeFlags: string[] = [],
): Promise<HttpServerProcess> {
  const cmd = {
    command: process.execPath,
    args: [...nodeFlags, '--import', 'tsx', join(REPO_ROOT, 'bench/bare-forwarder.ts')],
    label: 'bare',
  };
  return startListening(cmd, ['--', server.command, ...server.args], 'bare forwarder');
}

/** A build's `switchboard` bin: `bin/switchboard.cjs`, or the `.mjs` of builds made before it. */
export function switchboardBin(root: string): string {
  const cjs = join(root, 'bin/switchboard.cjs');
  return existsSync(cjs) ? cjs : join(root, 'bin/switchboard.mjs');
}

/** The `switchboard` command: the built bundle when `out/` exists, else the sources via tsx. */
export function switchboardCommand(fromSources = false): NodeCommand {
  if (!fromSources && existsSync(BUILT_HEADLESS)) {
    return {
      command: process.execPath,
      args: [switchboardBin(REPO_ROOT)],
      label: 'node bin/switchboard.cjs',
    };
  }
  return {
    command: process.execPath,
    args: ['--import', TSX_LOADER, join(REPO_ROOT, 'src/main/headless.ts')],
    label: 'node --import tsx src/main/headless.ts',
  };
}

/** One entry of an `mcpServers` file. */
export type McpServerEntry =
  { command: string; args: string[]; env?: Record<string, string> } | { url: string; type: 'http' };

/** A running `switchboard serve`. */
export interface ServeProcess {
  url: string;
  pid: number;
  adminKey: string;
  dataDir: string;
  /** performance.now() when the process was spawned, and when its ready line arrived. */
  spawnedAt: number;
  readyAt: number;
  /** How many MaxListenersExceededWarning lines the gateway printed on stderr so far. */
  listenerWarnings(): number;
  /** Every stderr line after the ready line that names a warning or error (for the soak). */
  warningLines(): string[];
  stop(): Promise<void>;
}

/**
 * Writes a config with the default roles and NO servers (the embedded default config would
 * otherwise add filesystem and memory servers), so the gateway runs exactly `servers`.
 */
function prepareDataDir(dataDir: string, servers: object[] = []): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const defaults = JSON.parse(
    readFileSync(join(REPO_ROOT, 'resources/default-config.json'), 'utf8'),
  ) as Record<string, unknown>;
  const settings = { ...(defaults.settings as object), startTimeoutMs: 20_000 };
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({ ...defaults, settings, servers }, null, 2),
    { mode: 0o600 },
  );
}

let serveCounter = 0;

/** Starts `switchboard serve --port 0 --servers FILE` in a fresh data dir; resolves at its ready line. */
export async function startServe(
  servers: Record<string, McpServerEntry>,
  nodeFlags: string[] = [],
  options: {
    fromSources?: boolean;
    /** Servers written into config.json itself (all settings available), besides `servers`. */
    configServers?: object[];
    /** Start again on the data dir of an earlier run (what it remembered is kept). */
    dataDir?: string;
    /** A fixed port (default: any free one, learnt from the ready line). */
    port?: number;
    /** Called right after the spawn, before the ready line (an agent may start trying then). */
    onSpawned?: (spawnedAt: number, dataDir: string) => void;
    /** Extra environment for the serve process. */
    env?: NodeJS.ProcessEnv;
    /** Another build's `switchboard` (a before/after comparison); default this checkout's. */
    command?: NodeCommand;
  } = {},
): Promise<ServeProcess> {
  const dataDir = options.dataDir ?? join(SCRATCH, `data-${++serveCounter}`);
  if (!options.dataDir) prepareDataDir(dataDir, options.configServers);
  const serversFile = join(SCRATCH, `servers-${serveCounter}.json`);
  writeFileSync(serversFile, JSON.stringify({ mcpServers: servers }, null, 2));
  const base = options.command ?? switchboardCommand(options.fromSources);
  const cmd = { ...base, args: [...nodeFlags, ...base.args] };
  const spawnedAt = performance.now();
  const child = spawnTracked(
    cmd,
    ['serve', '--data-dir', dataDir, '--port', String(options.port ?? 0), '--servers', serversFile],
    { ...options.env, SWITCHBOARD_DATA_DIR: dataDir },
  );
  options.onSpawned?.(spawnedAt, dataDir);
  let warnings = 0;
  let ready = false;
  const warningLines: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (line.includes('MaxListenersExceededWarning')) warnings += 1;
    if (ready && /warning|error/i.test(line)) warningLines.push(line);
  });
  try {
    const match = await waitForLine(
      child,
      /^Switchboard ready: MCP endpoint (http:\/\/127\.0\.0\.1:\d+\/mcp)$/,
      'switchboard serve',
    );
    const readyAt = performance.now();
    ready = true;
    const adminKey = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim();
    return {
      url: match[1]!,
      pid: child.pid ?? -1,
      adminKey,
      dataDir,
      spawnedAt,
      readyAt,
      listenerWarnings: () => warnings,
      warningLines: () => warningLines,
      stop: () => stopProcess(child, 10_000),
    };
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resident set size of one process, in bytes. */
export async function rssOf(pid: number): Promise<number> {
  const stats = await pidusage(pid);
  return stats.memory;
}

/** CPU time (user + system) a process has used so far, in ms. */
export async function cpuTimeOf(pid: number): Promise<number> {
  const stats = await pidusage(pid);
  return stats.ctime;
}

/** The direct children of a process (`ps --ppid`). */
export function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['--ppid', String(pid), '-o', 'pid='], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
  } catch {
    return [];
  }
}
