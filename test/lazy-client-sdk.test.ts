import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROOT } from './helpers/stage-app.js';
import { fixtureStdio, stopAllFixtures } from './helpers/spawn-fixture.js';

// The built `serve` loads the MCP client SDK with the first server that starts, not before, and
// pino with the first line it logs: an everyday start (lists remembered, every server asleep)
// answers tools/list without either. The
// gateway runs as a real child process with a preload that logs each file it compiles
// (fixtures/module-log.mjs); the client SDK is the build's file that defines its HTTP transport.
// Needs `npm run build`.

const OUT = join(ROOT, 'out/main');
const PRELOAD = pathToFileURL(join(ROOT, 'test/fixtures/module-log.mjs')).href;
const DEFINES_CLIENT_SDK = /\b(?:class|var|let|const) StreamableHTTPClientTransport\b/;
const isPino = (file: string) => file.includes(`${join('node_modules', 'pino')}${sep}`);
const WAIT = { timeout: 60_000, interval: 50 };

let work: string;
let serve: ChildProcess | undefined;
let agent: Client | undefined;

/** The build's files (out/main, chunks included) that define the client SDK. */
function clientSdkFiles(): string[] {
  const files = readdirSync(OUT, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.cjs'))
    .map((f) => join(OUT, f));
  return files.filter((f) => DEFINES_CLIENT_SDK.test(readFileSync(f, 'utf8')));
}

/** Starts the built `serve` on the test's data dir; resolves with its MCP endpoint. */
async function startServe(moduleLog: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      ...['--import', PRELOAD, join(OUT, 'headless.cjs'), 'serve'],
      ...['--data-dir', join(work, 'data'), '--port', '0', '--servers', join(work, 'servers.json')],
    ],
    { env: { ...process.env, MODULE_LOG: moduleLog }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  serve = child;
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const ready = /^Switchboard ready: MCP endpoint (http:\/\/127\.0\.0\.1:\d+\/mcp)$/;
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`serve exited with ${code}:\n${stderr.join('\n')}`);
  });
  const url = new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = ready.exec(line);
      if (match) resolve(match[1]!);
    }),
  );
  return Promise.race([url, exited]);
}

async function connectAgent(url: string): Promise<Client> {
  const key = readFileSync(join(work, 'data/admin-key.txt'), 'utf8').trim();
  agent = new Client({ name: 'lazy-sdk-test', version: '1.0.0' });
  await agent.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${key}` } },
    }),
  );
  return agent;
}

async function stopServe(): Promise<void> {
  await agent?.close();
  agent = undefined;
  if (serve && serve.exitCode === null) {
    serve.kill('SIGTERM');
    await once(serve, 'exit');
  }
  serve = undefined;
}

/** The files of the build the process has compiled so far. */
function loaded(moduleLog: string): string[] {
  return existsSync(moduleLog) ? readFileSync(moduleLog, 'utf8').trim().split('\n') : [];
}

const toolNames = async (client: Client) => (await client.listTools()).tools.map((t) => t.name);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'switchboard-lazy-sdk-'));
  const fixture = fixtureStdio(['--name', 'fixture']);
  writeFileSync(join(work, 'servers.json'), JSON.stringify({ mcpServers: { fixture } }));
  // The first start on a fresh data dir starts the server to learn its lists, and remembers them.
  const first = await connectAgent(await startServe(join(work, 'first.log')));
  await vi.waitFor(async () => expect(await toolNames(first)).toContain('fixture__echo'), WAIT);
  await stopServe();
}, 120_000);

afterEach(stopServe);

afterAll(async () => {
  await stopServe();
  await stopAllFixtures();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the client SDK on an everyday start of the built serve', () => {
  it('is one file of the build, which the first start (servers started) loaded', () => {
    const files = clientSdkFiles();
    expect(files).toHaveLength(1);
    expect(loaded(join(work, 'first.log'))).toContain(files[0]);
  });

  it('is not loaded to list the remembered tools, nor pino; both load with the first call', async () => {
    const [sdk] = clientSdkFiles();
    const log = join(work, 'everyday.log');
    const url = await startServe(log);
    const health = (await (await fetch(new URL('/health', url))).json()) as {
      servers: { id: string; state: string }[];
    };
    expect(health.servers.map((s) => s.id)).toContain('fixture');
    for (const server of health.servers) expect(server).toMatchObject({ state: 'asleep' });
    const client = await connectAgent(url);
    expect(await toolNames(client)).toContain('fixture__echo');
    expect(loaded(log).length).toBeGreaterThan(0);
    expect(loaded(log)).not.toContain(sdk);
    expect(loaded(log).filter(isPino)).toEqual([]);

    const result = await client.callTool({ name: 'fixture__echo', arguments: { text: 'awake' } });
    expect(JSON.stringify(result.content)).toContain('awake');
    expect(loaded(log)).toContain(sdk);
    // The server's wake-up is logged ("starting", "ready"): pino came with it.
    expect(loaded(log).some(isPino)).toBe(true);
  });
});
