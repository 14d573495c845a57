/**
 * Start-up, this build against another one, side by side in one run: each repetition starts
 * both (in alternating order) on a fresh data dir (first start) and again on it (everyday
 * start), ten stdio fixture servers with 50 tools each, and times the agent's first complete
 * tools/list from the spawn, with the gateway's CPU time by then (steadier than wall time on a
 * shared machine). It prints; it writes nothing.
 *
 * `--phases` also shows where each build's everyday start goes, from inside the gateway: a
 * preload (`node --import`, bench/start-phases.mjs) notes the time since the process began, the
 * CPU used and the GC pauses seen so far at each step: Node ready, the entry module run (the
 * gateway loads after it), the endpoint listening, the agent's initialize received and answered,
 * its first tools/list answered.
 *
 * `--sdk-floor` adds, after each everyday start of this build, the same agent's start against
 * bench/sdk-endpoint.ts answering the tools this build listed: what the SDK parts that answer an
 * agent's handshake cost alone (its phases too with `--phases`).
 *
 *   git archive main | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/ &&
 *     (cd /tmp/base && npx electron-vite build)
 *   npm run bench:start -- --base /tmp/base [--reps 5] [--phases] [--sdk-floor]
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { Client } from '@modelcontextprotocol/client';
import {
  cpuTimeOf,
  freePort,
  prepareFixture,
  REPO_ROOT,
  SCRATCH,
  sdkEndpointCommand,
  spawnTracked,
  stopProcess,
  switchboardBin,
  waitForLine,
  warmSdkEndpoint,
} from './processes.js';
import { connectAgent, quantile } from './workloads.js';

const { values } = parseArgs({
  strict: true,
  options: {
    base: { type: 'string' },
    reps: { type: 'string', default: '5' },
    phases: { type: 'boolean', default: false },
    'sdk-floor': { type: 'boolean', default: false },
  },
});
const REPS = Number(values.reps);
if (!values.base || !existsSync(join(values.base, 'out/main/headless.cjs'))) {
  process.stderr.write('start-ab: --base DIR takes a built checkout (DIR/out/main/headless.cjs)\n');
  process.exit(2);
}
if (!Number.isInteger(REPS) || REPS < 1) {
  process.stderr.write(`start-ab: --reps takes a whole number from 1, not "${values.reps}"\n`);
  process.exit(2);
}
const BUILDS = {
  base: switchboardBin(values.base),
  this: switchboardBin(REPO_ROOT),
};
type Build = keyof typeof BUILDS;

/** The preload of `--phases` (see the file). */
const PHASES_FILE = pathToFileURL(join(REPO_ROOT, 'bench/start-phases.mjs')).href;

/**
 * ms from `spawnedAt` until the agent (polling for the admin key) lists `expect` tools, and
 * that list (the SDK floor answers it).
 */
async function firstCompleteList(url: string, dataDir: string, expect: number, at: number) {
  const keyFile = join(dataDir, 'admin-key.txt');
  let key = '';
  while (!key) {
    key = existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : '';
    if (!key) await delay(5);
  }
  let client: Client | undefined;
  while (!client) {
    client = await connectAgent({ url, key, prefix: '' }, '2025').catch(() => undefined);
    if (!client) await delay(10);
  }
  try {
    for (;;) {
      const { tools } = await client.listTools(undefined, { cacheMode: 'bypass' });
      if (tools.length >= expect) return { ms: performance.now() - at, tools };
      await delay(20);
    }
  } finally {
    await client.close();
  }
}

interface Phase {
  phase: string;
  ms: number;
  cpu: number;
  gc: number;
}

async function start(
  build: Build,
  dataDir: string,
  serversFile: string,
  expect: number,
  phasesTo?: string,
) {
  if (!existsSync(join(dataDir, 'config.json'))) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const defaults = JSON.parse(
      readFileSync(join(REPO_ROOT, 'resources/default-config.json'), 'utf8'),
    ) as object;
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ ...defaults, servers: [] }), {
      mode: 0o600,
    });
  }
  const port = await freePort();
  const at = performance.now();
  const preload = phasesTo ? ['--import', PHASES_FILE] : [];
  const child = spawnTracked(
    { command: process.execPath, args: [...preload, BUILDS[build]], label: build },
    ['serve', '--data-dir', dataDir, '--port', String(port), '--servers', serversFile],
    { SWITCHBOARD_DATA_DIR: dataDir, ...(phasesTo ? { SWITCHBOARD_START_PHASES: phasesTo } : {}) },
  );
  const listed = firstCompleteList(`http://127.0.0.1:${port}/mcp`, dataDir, expect, at);
  await waitForLine(child, /^Switchboard ready/, 'switchboard serve');
  const { ms, tools } = await listed;
  const cpu = await cpuTimeOf(child.pid!);
  await stopProcess(child, 10_000);
  return { ms, cpu, tools };
}

/**
 * `--sdk-floor`: the SDK endpoint (bench/sdk-endpoint.ts) answering the same agent with the
 * tools `this` build listed, timed as an everyday start, with the same preload for `--phases`.
 */
async function sdkFloorStart(dataDir: string, toolsFile: string, phasesTo?: string) {
  const endpoint = await sdkEndpointCommand();
  const port = await freePort();
  const at = performance.now();
  const preload = phasesTo ? ['--import', PHASES_FILE] : [];
  const child = spawnTracked(
    { ...endpoint, args: [...preload, ...endpoint.args] },
    ['--port', String(port), '--tools', toolsFile],
    phasesTo ? { SWITCHBOARD_START_PHASES: phasesTo } : {},
  );
  const { ms } = await firstCompleteList(`http://127.0.0.1:${port}/mcp`, dataDir, EXPECT, at);
  const cpu = await cpuTimeOf(child.pid!);
  await stopProcess(child, 10_000);
  return { ms, cpu };
}

/** Adds the steps the preload wrote to `file` (one JSON line each) to `into`. */
function addPhases(into: Map<string, Phase[]>, file: string): void {
  for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
    const p = JSON.parse(line) as Phase;
    into.set(p.phase, [...(into.get(p.phase) ?? []), p]);
  }
}

const fixture = await prepareFixture();
const servers = Object.fromEntries(
  Array.from({ length: 10 }, (_, i) => [
    `s${i}`,
    { command: fixture.command, args: [...fixture.args, '--name', `s${i}`, '--tools', '50'] },
  ]),
);
const serversFile = join(SCRATCH, 'start-ab-servers.json');
writeFileSync(serversFile, JSON.stringify({ mcpServers: servers }));
// 10 × (the fixture's 15 tools + 50) and find_tools.
const EXPECT = 651;
const runs = new Map<string, number[]>();
const add = (key: string, value: number) => runs.set(key, [...(runs.get(key) ?? []), value]);
/** `--phases`: each build's everyday starts, step by step. */
const phases: Record<Build | 'sdk', Map<string, Phase[]>> = {
  base: new Map(),
  this: new Map(),
  sdk: new Map(),
};
const load: number[] = [];
for (let rep = 0; rep < REPS; rep += 1) {
  for (const build of (rep % 2 ? ['this', 'base'] : ['base', 'this']) as Build[]) {
    load.push(loadavg()[0]!);
    const dir = join(SCRATCH, `start-ab-${build}-${rep}`);
    const first = await start(build, dir, serversFile, EXPECT);
    await delay(1_000);
    const phasesTo = values.phases
      ? join(SCRATCH, `start-phases-${build}-${rep}.jsonl`)
      : undefined;
    if (phasesTo) rmSync(phasesTo, { force: true });
    const again = await start(build, dir, serversFile, EXPECT, phasesTo);
    await delay(1_000);
    if (phasesTo) addPhases(phases[build], phasesTo);
    if (values['sdk-floor'] && build === 'this') {
      // Its code cache is written 3 s into its first run, as the gateway's is.
      const toolsFile = join(SCRATCH, 'start-ab-tools.json');
      writeFileSync(toolsFile, JSON.stringify(again.tools));
      if (rep === 0) await warmSdkEndpoint(await sdkEndpointCommand());
      const sdkPhases = values.phases ? join(SCRATCH, `start-phases-sdk-${rep}.jsonl`) : undefined;
      if (sdkPhases) rmSync(sdkPhases, { force: true });
      const floor = await sdkFloorStart(dir, toolsFile, sdkPhases);
      await delay(1_000);
      if (sdkPhases) addPhases(phases.sdk, sdkPhases);
      add(`SDK floor's everyday start, ms|this`, floor.ms);
      add(`SDK floor's everyday start, CPU ms|this`, floor.cpu);
    }
    add(`first start, ms|${build}`, first.ms);
    add(`first start, gateway CPU ms|${build}`, first.cpu);
    add(`everyday start, ms|${build}`, again.ms);
    add(`everyday start, gateway CPU ms|${build}`, again.cpu);
  }
}
const med = (xs: number[]) => quantile(xs, 0.5);
const lines = ['| measure | base | this build | runs (base / this) |', '|---|---:|---:|---|'];
for (const measure of [...new Set([...runs.keys()].map((k) => k.split('|')[0]!))]) {
  const base = runs.get(`${measure}|base`) ?? [];
  const mine = runs.get(`${measure}|this`)!;
  const all = `${base.map(Math.round).join(' · ') || '–'} / ${mine.map(Math.round).join(' · ')}`;
  const baseMedian = base.length ? String(Math.round(med(base))) : '–';
  lines.push(`| ${measure} | ${baseMedian} | ${Math.round(med(mine))} | ${all} |`);
}
if (values.phases) {
  const columns: (Build | 'sdk')[] = values['sdk-floor']
    ? ['base', 'this', 'sdk']
    : ['base', 'this'];
  lines.push(
    '',
    'Everyday start from inside the gateway (medians; ms since the process began, its CPU ms, GC ms seen):',
    '',
    `| step | ${columns.map((c) => `${c} ms | ${c} CPU | ${c} GC`).join(' | ')} |`,
    `|---|${columns.map(() => '---:|---:|---:').join('|')}|`,
  );
  for (const step of phases.base.keys()) {
    const cell = (build: Build | 'sdk', what: 'ms' | 'cpu' | 'gc') => {
      const xs = phases[build].get(step)?.map((p) => p[what]);
      return xs ? String(Math.round(med(xs))) : '–';
    };
    const cells = columns.map((c) => `${cell(c, 'ms')} | ${cell(c, 'cpu')} | ${cell(c, 'gc')}`);
    lines.push(`| ${step} | ${cells.join(' | ')} |`);
  }
}
process.stdout.write(
  `${lines.join('\n')}\n\nMedians of ${REPS}; load average (1 min) while measuring ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${availableParallelism()} cores.\n`,
);
process.exit(0);
