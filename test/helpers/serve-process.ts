import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(REPO_ROOT, 'package.json'));
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;
const HEADLESS = join(REPO_ROOT, 'src/main/headless.ts');

/** A `switchboard` CLI process started from the sources. */
export interface ServeProcess {
  child: ChildProcess;
  /** The MCP endpoint from the ready line. */
  url: string;
  /** Everything it printed so far. */
  stdout: string[];
  stderr: string[];
}

/** Runs `switchboard <args>` to completion and returns its output. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, ['--import', TSX_LOADER, HEADLESS, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Starts `switchboard serve …` and resolves once it printed its ready line. */
export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, HEADLESS, 'serve', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not get ready:\n${stderr.join('\n')}`)),
      60_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${stderr.join('\n')}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      stdout.push(line);
      const match = /^Switchboard ready: MCP endpoint (http:\/\/127\.0\.0\.1:\d+\/mcp)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolvePromise({ child, url: match[1]!, stdout, stderr });
      }
    });
  });
}

/** An SDK client connected to a `serve` process's endpoint with its data folder's admin key. */
export async function connectAdmin(url: string, dataDir: string, name: string): Promise<Client> {
  const key = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim();
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${key}` } },
    }),
  );
  return client;
}

/** The pids of a process's descendants (children, grandchildren, …), from `ps`. */
export function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const out: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

/** Whether a pid is still alive (zombies count as gone). */
export function alive(pid: number): boolean {
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], {
      encoding: 'utf8',
    }).trim();
    return state !== '' && !state.startsWith('Z');
  } catch {
    return false;
  }
}

/** Ends a child with SIGTERM and waits for its exit, so nothing of it outlives the test's files. */
export async function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.kill('SIGTERM');
  return exited;
}
