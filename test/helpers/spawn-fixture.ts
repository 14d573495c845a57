import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer, type AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How to launch a stdio MCP server (the shape StdioClientTransport and server configs take). */
export interface StdioCommand {
  command: string;
  args: string[];
}

/** A stdio command plus the variables that server needs (merge over a base environment). */
export interface StdioCommandWithEnv extends StdioCommand {
  env: Record<string, string>;
}

/** A running HTTP fixture process. */
export interface HttpFixture {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(REPO_ROOT, 'package.json'));
const STARTUP_LIMIT_MS = 20_000;

/** Absolute path of the configurable fixture server (test/fixtures/servers/fixture-server.ts). */
export const FIXTURE_SERVER = join(REPO_ROOT, 'test/fixtures/servers/fixture-server.ts');

// An absolute file URL of tsx's loader, so `--import` resolves whatever the child's cwd is.
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;

/** The command that runs the fixture server over stdio with extra `args`. */
export function fixtureStdio(args: string[] = []): StdioCommand {
  return { command: process.execPath, args: ['--import', TSX_LOADER, FIXTURE_SERVER, ...args] };
}

/** A server config's stdio transport that runs the fixture server with `args` and no extra env. */
export function fixtureTransport(args: string[] = []): StdioCommandWithEnv & { type: 'stdio' } {
  return { type: 'stdio', ...fixtureStdio(args), env: {} };
}

/** Absolute path of a server package's bin entry, read from its package.json. */
function binEntry(pkg: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    bin: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin)[0];
  if (bin === undefined) throw new Error(`${pkg} declares no bin entry`);
  return join(dirname(manifestPath), bin);
}

/** The official everything server over stdio. */
export function everythingStdio(): StdioCommand {
  return {
    command: process.execPath,
    args: [binEntry('@modelcontextprotocol/server-everything'), 'stdio'],
  };
}

/** The official filesystem server, allowed to reach `root` only. */
export function filesystemStdio(root: string): StdioCommandWithEnv {
  return {
    command: process.execPath,
    args: [binEntry('@modelcontextprotocol/server-filesystem'), root],
    env: {},
  };
}

/** The official memory server, keeping its knowledge graph in `file` (JSONL). */
export function memoryStdio(file: string): StdioCommandWithEnv {
  return {
    command: process.execPath,
    args: [binEntry('@modelcontextprotocol/server-memory')],
    env: { MEMORY_FILE_PATH: file },
  };
}

// Every process these helpers start, killed when the test process exits however it exits.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const escalate = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(escalate);
}

/** Stops every process these helpers started (for an afterAll; exit does it too). */
export async function stopAllFixtures(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}

function exitError(what: string, code: number | null, stderr: string): Error {
  return new Error(`${what} exited (code ${code}) before it was ready. stderr:\n${stderr}`);
}

/** Resolves with the port a child prints as `listening <port>` on stdout. */
function waitForListening(child: ChildProcess, stderr: () => string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error('fixture did not listen in time')),
      STARTUP_LIMIT_MS,
    );
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const match = /^listening (\d+)$/m.exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(exitError('fixture server', code, stderr()));
    });
  });
}

function collectStderr(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    text = (text + chunk).slice(-8_000);
  });
  return () => text;
}

/**
 * Starts the fixture server in HTTP mode on `port` (a free one by default; a given one lets a
 * test restart the server where it was); `url` is its /mcp endpoint.
 */
export async function startHttpFixture(args: string[] = [], port = 0): Promise<HttpFixture> {
  const { command, args: base } = fixtureStdio([
    ...args,
    '--transport',
    'http',
    '--port',
    String(port),
  ]);
  const child = track(spawn(command, base, { stdio: ['ignore', 'pipe', 'pipe'] }));
  const stderr = collectStderr(child);
  try {
    const port = await waitForListening(child, stderr);
    return {
      url: `http://127.0.0.1:${port}/mcp`,
      port,
      pid: child.pid ?? -1,
      stop: () => stopChild(child),
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolveConnect) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolveConnect(true);
    });
    socket.once('error', () => resolveConnect(false));
  });
}

// The everything server logs different lines per mode; an accepted TCP connection is the one
// readiness signal both modes share.
async function waitForPort(child: ChildProcess, port: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw exitError('server-everything', child.exitCode, stderr());
    if (Date.now() > deadline) throw new Error(`server-everything did not listen on ${port}`);
    await delay(50);
  }
}

/** Runs the official everything server over SSE (`url` ends in /sse) or Streamable HTTP (/mcp). */
export async function startEverything(
  mode: 'sse' | 'streamableHttp',
): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const entry = binEntry('@modelcontextprotocol/server-everything');
  const child = track(
    spawn(process.execPath, [entry, mode], {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  const stderr = collectStderr(child);
  try {
    await waitForPort(child, port, stderr);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const path = mode === 'sse' ? '/sse' : '/mcp';
  return { url: `http://127.0.0.1:${port}${path}`, stop: () => stopChild(child) };
}
