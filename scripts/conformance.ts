/**
 * Runs the official MCP conformance suite's server scenarios three ways and prints the
 * verdicts side by side:
 *
 *   direct        against test/fixtures/servers/conformance-server.ts over Streamable HTTP
 *   /mcp/<server> the same server (over stdio) through Switchboard's per-server endpoint
 *   /mcp          through the aggregate endpoint, names mapped `<server>__<name>` both ways
 *
 *   npm run conformance [-- --scenario <name>] [-- --keep]
 *
 * Switchboard runs in this process with a fresh data directory; the Bearer key comes from its
 * own control API, and a loopback front (conformance-proxy.ts) adds it, since the suite takes
 * only a URL. Exits 1 when a scenario passes directly but fails through the gateway.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createSwitchboard, type Switchboard } from '../src/main/compose.js';
import { createFileConfigStore } from '../src/main/gateway/config/config.js';
import { defaultConfig } from '../src/main/gateway/config/default-config.js';
import { silentLogger } from '../src/main/gateway/observe/logger.js';
import { plainSecretStore } from '../src/main/gateway/ports.js';
import { ConfigSchema } from '../src/shared/model.js';
import { startConformanceProxy } from './conformance-proxy.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));
const SERVER = join(ROOT, 'test/fixtures/servers/conformance-server.ts');
const TSX = pathToFileURL(require.resolve('tsx')).href;
const CLI = join(
  dirname(require.resolve('@modelcontextprotocol/conformance/package.json')),
  'dist/index.js',
);
const SERVER_ID = 'conf';

type Verdict = 'pass' | 'warn' | 'FAIL' | '-';
type Mode = 'direct' | 'perServer' | 'aggregate';

/** Starts the fixture over HTTP; resolves once it prints its port. */
function startDirect(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', TSX, SERVER, '--transport', 'http'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolvePort, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out);
      if (match) resolvePort({ url: `http://127.0.0.1:${match[1]}/mcp`, child });
    });
    child.once('exit', (code) => reject(new Error(`conformance server exited (${code})`)));
  });
}

/** Switchboard with the fixture as a stdio server, in a fresh data directory. */
async function startGateway(dataDir: string): Promise<Switchboard> {
  const base = defaultConfig(dataDir);
  const config = ConfigSchema.parse({
    ...base,
    servers: [
      {
        id: SERVER_ID,
        transport: {
          type: 'stdio',
          command: process.execPath,
          args: ['--import', TSX, SERVER],
          env: {},
        },
        // Server-to-client requests (sampling, elicitation) and log pushes exist in the 2025 era.
        era: '2025',
        // The suite plays the person too: sampling, which asks a person by default, is allowed
        // for this server so the scenario measures the relay, not an approval nobody clicks.
        serverRequests: { sampling: 'allow' },
      },
    ],
    settings: { ...base.settings, cacheTtlMs: 0 },
  });
  const store = createFileConfigStore(dataDir);
  store.save(config);
  return createSwitchboard({
    dataDir,
    store,
    secrets: plainSecretStore,
    logger: silentLogger,
    port: 0,
  });
}

/** Runs the suite against `url`; returns each scenario's verdict from its checks.json. */
function runSuite(
  url: string,
  outDir: string,
  scenario: string | undefined,
): Promise<Map<string, Verdict>> {
  const shim =
    'globSync' in fs
      ? []
      : ['--import', pathToFileURL(join(ROOT, 'scripts/conformance-node20.mjs')).href];
  const args = [...shim, CLI, 'server', '--url', url, '-o', outDir];
  args.push(...(scenario ? ['--scenario', scenario] : ['--suite', 'all']));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((done) => child.once('exit', () => done(readVerdicts(outDir))));
}

function readVerdicts(outDir: string): Map<string, Verdict> {
  const verdicts = new Map<string, Verdict>();
  for (const entry of readdirSync(outDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = join(outDir, entry.name, 'checks.json');
    if (!fs.existsSync(file)) continue;
    // Directories are named server-<scenario>-<timestamp>.
    const name = entry.name.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, '');
    const checks = JSON.parse(readFileSync(file, 'utf8')) as { status: string }[];
    const statuses = new Set(checks.map((c) => c.status));
    verdicts.set(
      name,
      statuses.has('FAILURE') ? 'FAIL' : statuses.has('WARNING') ? 'warn' : 'pass',
    );
  }
  return verdicts;
}

function printTable(results: Record<Mode, Map<string, Verdict>>): string[] {
  const names = [...new Set([...results.direct.keys(), ...results.perServer.keys()])].sort();
  const regressions: string[] = [];
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(i === 0 ? 32 : 14)).join('');
  console.log(row(['scenario', 'direct', `/mcp/${SERVER_ID}`, '/mcp']));
  for (const name of names) {
    const [d, p, a] = (['direct', 'perServer', 'aggregate'] as const).map(
      (mode) => results[mode].get(name) ?? '-',
    );
    const passes = (v: Verdict | undefined) => v === 'pass' || v === 'warn';
    if (passes(d) && (!passes(p) || !passes(a))) regressions.push(name);
    console.log(row([name, d!, p!, a!]));
  }
  return regressions;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { scenario: { type: 'string' }, keep: { type: 'boolean' } },
  });
  const work = mkdtempSync(join(tmpdir(), 'switchboard-conformance-'));
  const direct = await startDirect();
  const sb = await startGateway(join(work, 'data'));
  try {
    const { secret } = await sb.control.createKey({ name: 'conformance', role: 'admin' });
    const gateway = sb.endpoint.origin;
    const perServer = await startConformanceProxy({
      gateway,
      path: `/mcp/${SERVER_ID}`,
      key: secret,
    });
    const aggregate = await startConformanceProxy({
      gateway,
      path: '/mcp',
      key: secret,
      prefix: `${SERVER_ID}__`,
    });
    const results = {
      direct: await runSuite(direct.url, join(work, 'direct'), values.scenario),
      perServer: await runSuite(perServer.url, join(work, 'per-server'), values.scenario),
      aggregate: await runSuite(aggregate.url, join(work, 'aggregate'), values.scenario),
    };
    await Promise.all([perServer.stop(), aggregate.stop()]);
    const regressions = printTable(results);
    console.log(`\nresults: ${values.keep ? work : '(removed; --keep keeps them)'}`);
    if (regressions.length === 0) return 0;
    console.log(`passes directly, fails through the gateway: ${regressions.join(', ')}`);
    return 1;
  } finally {
    await sb.stop();
    direct.child.kill();
    if (!values.keep) rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = await main();
