/**
 * The per-call cost of the gateway, side by side in one run: Switchboard with its lean lane
 * (the default) and with it off (`SWITCHBOARD_LEAN=off`, every request through the SDK), in
 * front of a stdio and a Streamable HTTP fixture; the best-known open-source Node MCP gateway
 * (`mcp-proxy`, installed into bench/.peers on first use, not a dependency of the app) in front
 * of the same stdio fixture; and an endpoint that answers at once (the ceiling). The same SDK
 * agent over Streamable HTTP drives each. Repeats REPS (3) times with fresh processes and
 * reports medians; writes its section of bench/results.md. It reports; it asserts nothing.
 *
 *   npm run bench:per-call        (builds, then runs this file)
 *   node --import tsx bench/per-call.ts [--reps N] [--quick] [--era 2026-07-28]
 *
 * `--era 2026-07-28` drives a pinned 2026-07-28 agent instead, through Switchboard only (the
 * peer and the instant endpoint speak 2025), and adds Switchboard with the 2026-07-28 agent
 * lane alone off (`SWITCHBOARD_LEAN=no-modern`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import pidusage from 'pidusage';
import {
  freePort,
  prepareFixture,
  REPO_ROOT,
  spawnTracked,
  startBareForwarder,
  startHttpFixture,
  startInstantEndpoint,
  startServe,
  stopProcess,
  type HttpServerProcess,
  type NodeCommand,
} from './processes.js';
import { machineLine } from './report.js';
import { replaceSection } from './results-file.js';
import {
  bigCall,
  closedLoop,
  connectAgent,
  cpuLoop,
  median,
  quantile,
  smallCall,
  type CallFactory,
  type Era,
  type Target,
} from './workloads.js';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const REPS = argv.includes('--reps') ? Number(argv[argv.indexOf('--reps') + 1]) || 3 : 3;
const ERA: Era = argv.includes('--era') ? (argv[argv.indexOf('--era') + 1] as Era) : '2025';
const MODERN = ERA === '2026-07-28';
/** Calls per measurement: [warm-up, counted]. */
const N: { warm: number } & Record<'c1' | 'c16' | 'c64' | 'big16', [number, number]> = QUICK
  ? { warm: 1_000, c1: [50, 300], c16: [100, 600], c64: [128, 600], big16: [32, 100] }
  : { warm: 3_000, c1: [100, 500], c16: [200, 1_500], c64: [256, 1_500], big16: [64, 200] };
/** Alternating c=64 bursts per repetition, for the throughput verdicts (see `pairedBursts`). */
const PAIRS = QUICK ? 2 : 5;
/** The throughput ratios judged against targets: [path, against]. */
const PAIRED: [PathId, PathId][] = [
  ['sbLean', 'instant'],
  ['sbLean', 'peer'],
  ['bare', 'instant'],
];

const PEER = { pkg: 'mcp-proxy', version: '6.7.19' };
const PEERS_DIR = join(REPO_ROOT, 'bench/.peers');

type PathId =
  | 'sbLean'
  | 'sbNoModern'
  | 'sbSdk'
  | 'sbHttpLean'
  | 'sbHttpNoModern'
  | 'sbHttpSdk'
  | 'peer'
  | 'bare'
  | 'instant';
const ALL_LABELS: Record<PathId, string> = {
  sbLean: 'Switchboard → stdio, lean lane',
  sbNoModern: 'Switchboard → stdio, lean lane but the 2026-07-28 agent lane',
  sbHttpNoModern: 'Switchboard → HTTP, lean lane but the 2026-07-28 agent lane',
  sbSdk: 'Switchboard → stdio, SDK path',
  sbHttpLean: 'Switchboard → HTTP, lean lane',
  sbHttpSdk: 'Switchboard → HTTP, SDK path',
  peer: `${PEER.pkg} ${PEER.version} → stdio`,
  bare: 'bare forwarder → stdio',
  instant: 'instant endpoint (no server)',
};
const SHOWN: PathId[] = MODERN
  ? ['sbLean', 'sbNoModern', 'sbSdk', 'sbHttpLean', 'sbHttpNoModern', 'sbHttpSdk']
  : ['sbLean', 'sbSdk', 'sbHttpLean', 'sbHttpSdk', 'peer', 'bare', 'instant'];
const LABELS = Object.fromEntries(SHOWN.map((id) => [id, ALL_LABELS[id]])) as Record<
  PathId,
  string
>;
type Measure = 'c1.cpu' | 'c1.p50' | 'c16.cpu' | 'c16.tput' | 'c64.tput' | 'big16.tput';
const MEASURES: Record<Measure, string> = {
  'c1.cpu': 'gateway CPU per small call, c=1 (ms)',
  'c1.p50': 'small call p50, c=1 (ms)',
  'c16.cpu': 'gateway CPU per small call, c=16 (ms)',
  'c16.tput': 'small calls/s, c=16',
  'c64.tput': 'small calls/s, c=64',
  'big16.tput': '100 KB result calls/s, c=16',
};
const runs = new Map<string, number[]>();
/** Paths that failed in a repetition, reported under the tables. */
const failures: string[] = [];
/** The repetition being measured: each figure is kept at its repetition's index. */
let currentRep = 0;
const add = (path: PathId, measure: Measure, value: number) => {
  const key = `${path}|${measure}`;
  const values = runs.get(key) ?? Array.from({ length: REPS }, () => Number.NaN);
  values[currentRep] = value;
  runs.set(key, values);
};
const med = (path: PathId, measure: Measure) => median(runs.get(`${path}|${measure}`) ?? []);
/** Same-pair c=64 throughput ratios, `path/against` → one ratio per pair of bursts. */
const pairRatios = new Map<string, number[]>();

// The SDK client's fetch leaves an abort listener per request on its transport's long-lived
// signal until GC: count those warnings instead of printing thousands of lines (as run.ts does).
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'MaxListenersExceededWarning') {
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
  }
});

function log(message: string): void {
  process.stderr.write(`[per-call ${(performance.now() / 1000).toFixed(1)}s] ${message}\n`);
}

/** The peer gateway's bin, installed into bench/.peers on first use. */
function peerBin(): string {
  const bin = join(PEERS_DIR, 'node_modules', PEER.pkg, 'dist/bin/mcp-proxy.mjs');
  if (!existsSync(bin)) {
    log(`installing ${PEER.pkg}@${PEER.version} into bench/.peers (first use)`);
    execFileSync(
      'npm',
      ['install', '--prefix', PEERS_DIR, `${PEER.pkg}@${PEER.version}`, '--no-audit', '--no-fund'],
      { stdio: 'inherit' },
    );
  }
  return bin;
}

interface Running {
  target: Target;
  pid: number;
  stop(): Promise<void>;
}

async function startPeer(fixture: NodeCommand): Promise<Running> {
  const port = await freePort();
  const cmd = { command: process.execPath, args: [peerBin()], label: PEER.pkg };
  const child = spawnTracked(
    cmd,
    ['--port', String(port), '--host', '127.0.0.1', '--', fixture.command, ...fixture.args],
    {},
  );
  const url = `http://127.0.0.1:${port}/mcp`;
  // Ready once an agent can connect (it prints no ready line of its own on stdout).
  for (let tries = 0; ; tries++) {
    try {
      const client = await connectAgent({ url, prefix: '' });
      await client.close();
      break;
    } catch (error) {
      if (tries > 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { target: { url, prefix: '' }, pid: child.pid ?? -1, stop: () => stopProcess(child) };
}

/** A bench process listening on its own MCP URL, as a path to measure. */
function running(listening: HttpServerProcess): Running {
  return { target: { url: listening.url, prefix: '' }, pid: listening.pid, stop: listening.stop };
}

async function measure(path: PathId, running: Running): Promise<void> {
  const { target, pid } = running;
  const small = smallCall(target.prefix);
  const client = await connectAgent(target, ERA);
  try {
    await closedLoop(client, small, 16, N.warm, 0);
    if (path !== 'instant') await closedLoop(client, bigCall(target.prefix), 16, 100, 0);
    const c1 = await cpuLoop(client, small, 1, N.c1, pid);
    add(path, 'c1.cpu', c1.cpuPerCall);
    add(path, 'c1.p50', quantile(c1.latencies, 0.5));
    const c16 = await cpuLoop(client, small, 16, N.c16, pid);
    add(path, 'c16.cpu', c16.cpuPerCall);
    add(path, 'c16.tput', c16.callsPerSecond);
    const c64 = await closedLoop(client, small, 64, N.c64[1]!, N.c64[0]!);
    add(path, 'c64.tput', c64.callsPerSecond);
    if (path !== 'instant') {
      const big = await closedLoop(client, bigCall(target.prefix), 16, N.big16[1]!, N.big16[0]!);
      add(path, 'big16.tput', big.callsPerSecond);
    }
  } finally {
    await client.close();
  }
}

async function round(fixture: NodeCommand, rep: number): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  try {
    const http = await startHttpFixture(fixture, ['--name', 'remote']);
    stops.push(http.stop);
    const servers = {
      local: { command: fixture.command, args: [...fixture.args, '--name', 'local'] },
      remote: { url: http.url, type: 'http' as const },
    };
    const lean = await startServe(servers);
    stops.push(lean.stop);
    const sdk = await startServe(servers, [], { env: { SWITCHBOARD_LEAN: 'off' } });
    stops.push(sdk.stop);
    const sb = (s: typeof lean, prefix: string): Running => ({
      target: { url: s.url, key: s.adminKey, prefix },
      pid: s.pid,
      stop: s.stop,
    });
    const paths: [PathId, Running][] = [
      ['sbLean', sb(lean, 'local__')],
      ['sbSdk', sb(sdk, 'local__')],
      ['sbHttpLean', sb(lean, 'remote__')],
      ['sbHttpSdk', sb(sdk, 'remote__')],
    ];
    if (MODERN) {
      const noModern = await startServe(servers, [], { env: { SWITCHBOARD_LEAN: 'no-modern' } });
      stops.push(noModern.stop);
      paths.push(['sbNoModern', sb(noModern, 'local__')]);
      paths.push(['sbHttpNoModern', sb(noModern, 'remote__')]);
    } else {
      const peer = await startPeer(fixture);
      stops.push(peer.stop);
      const bare = running(
        await startBareForwarder({ ...fixture, args: [...fixture.args, '--name', 'bare'] }),
      );
      stops.push(bare.stop);
      const instant = running(await startInstantEndpoint());
      stops.push(instant.stop);
      paths.push(['peer', peer], ['bare', bare], ['instant', instant]);
    }
    // Rotate the order each repetition so no path always runs first or last.
    for (let i = 0; i < paths.length; i++) {
      const [path, running] = paths[(i + rep) % paths.length]!;
      log(`rep ${rep + 1}: ${path}`);
      // One path failing (the machine is shared) is reported and leaves the others measured.
      await measure(path, running).catch((error: unknown) => {
        failures.push(`rep ${rep + 1}, ${LABELS[path]}: ${String(error)}`);
        log(`rep ${rep + 1}: ${path} failed: ${String(error)}`);
      });
    }
    // After every path has had its warm-up: the bursts compare warm processes.
    if (!MODERN) await pairedBursts(paths, rep);
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

/**
 * Small calls/s at c=64, in short bursts that alternate the paths (the order reversed every
 * other pair), so each ratio compares bursts seconds apart. Measured path after path, minutes
 * apart, the ratio to the instant endpoint swung from 0.52 to 1.46 between repetitions on this
 * shared machine; a ratio within a pair shares the machine's state of the moment.
 */
async function pairedBursts(paths: [PathId, Running][], rep: number): Promise<void> {
  const involved = [...new Set(PAIRED.flat())];
  const clients = new Map<PathId, { client: Client; make: CallFactory }>();
  try {
    for (const id of involved) {
      const running = paths.find(([path]) => path === id)?.[1];
      if (!running) continue;
      const client = await connectAgent(running.target, ERA);
      const make = smallCall(running.target.prefix);
      clients.set(id, { client, make });
      await closedLoop(client, make, 64, N.c64[0]!, 0);
    }
    for (let pair = 0; pair < PAIRS; pair++) {
      log(`rep ${rep + 1}: c=64 bursts, pair ${pair + 1} of ${PAIRS}`);
      const order = pair % 2 === 0 ? [...clients.keys()] : [...clients.keys()].reverse();
      const perSecond = new Map<PathId, number>();
      for (const id of order) {
        const { client, make } = clients.get(id)!;
        perSecond.set(id, (await closedLoop(client, make, 64, N.c64[1]!, 0)).callsPerSecond);
      }
      for (const [path, against] of PAIRED) {
        const a = perSecond.get(path);
        const b = perSecond.get(against);
        if (a === undefined || b === undefined) continue;
        const key = `${path}/${against}`;
        if (!pairRatios.has(key)) pairRatios.set(key, []);
        pairRatios.get(key)!.push(a / b);
      }
    }
  } catch (error) {
    failures.push(`rep ${rep + 1}, c=64 bursts: ${String(error)}`);
    log(`rep ${rep + 1}: c=64 bursts failed: ${String(error)}`);
  } finally {
    for (const { client } of clients.values()) await client.close();
  }
}

const fmt = (value: number, digits = 2) =>
  Number.isFinite(value)
    ? value >= 100
      ? Math.round(value).toLocaleString('en-US')
      : value.toFixed(digits)
    : '—';

function render(elapsedS: number): string {
  const ids = Object.keys(LABELS) as PathId[];
  const header = `| measure | ${ids.map((id) => LABELS[id]).join(' | ')} |`;
  const rule = `|---|${ids.map(() => '---:').join('|')}|`;
  const rows = (Object.keys(MEASURES) as Measure[]).map(
    (m) => `| ${MEASURES[m]} | ${ids.map((id) => fmt(med(id, m))).join(' | ')} |`,
  );
  const perRun = (Object.keys(MEASURES) as Measure[]).flatMap((m) =>
    ids
      .filter((id) => runs.has(`${id}|${m}`))
      .map(
        (id) =>
          `| ${MEASURES[m]} | ${LABELS[id]} | ${runs
            .get(`${id}|${m}`)!
            .map((v) => fmt(v))
            .join(' · ')} |`,
      ),
  );
  const ratio = (a: PathId, b: PathId, m: Measure) => {
    const as = runs.get(`${a}|${m}`) ?? [];
    const bs = runs.get(`${b}|${m}`) ?? [];
    return median(as.map((v, i) => v / bs[i]!));
  };
  const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
  const c1 = med('sbLean', 'c1.cpu');
  const c16 = med('sbLean', 'c16.cpu');
  const paired = (path: PathId, against: PathId) =>
    median(pairRatios.get(`${path}/${against}`) ?? []);
  const pairedRange = (path: PathId, against: PathId) => {
    const values = pairRatios.get(`${path}/${against}`) ?? [];
    return values.length > 0 ? `${fmt(Math.min(...values))}–${fmt(Math.max(...values))}` : '—';
  };
  const pairCount = (pairRatios.get('sbLean/instant') ?? []).length;
  const vsPeer = paired('sbLean', 'peer');
  const vsInstant = paired('sbLean', 'instant');
  const bigVsPeer = ratio('sbLean', 'peer', 'big16.tput');
  return `## Per-call cost, lean lane and peer gateway (bench/per-call.ts)

${machineLine()}

Medians of ${REPS} repetitions (fresh processes each); ratios are medians of same-repetition
ratios; whole run ${elapsedS.toFixed(0)} s. Command: \`npm run bench:per-call\`
(= \`npm run build && node --import tsx bench/per-call.ts\`${QUICK ? ' --quick' : ''}). Policy, audit and metrics on
(the default config: admin key, audit log, /metrics).${
    MODERN
      ? ' The peer and the instant endpoint speak 2025 only, so the verdicts against them are empty.'
      : ` The two c=64 verdicts are medians of
${pairCount} ratios between alternating bursts of ${N.c64[1]} calls each (${PAIRS} pairs per repetition):
against the instant endpoint ${pairedRange('sbLean', 'instant')}, against ${PEER.pkg} ${pairedRange('sbLean', 'peer')} (lowest–highest pair).`
  }

| target | figure | verdict |
|---|---:|---|
| gateway CPU per small call, c=1 ≤ 0.30 ms | ${fmt(c1, 3)} ms | ${verdict(c1 <= 0.3)} |
| gateway CPU per small call, c=16 ≤ 0.25 ms | ${fmt(c16, 3)} ms | ${verdict(c16 <= 0.25)} |
| small calls/s at c=64 ≥ the peer's | ${fmt(vsPeer * 100, 0)}% of ${PEER.pkg} | ${verdict(vsPeer >= 1)} |
| small calls/s at c=64 ≥ 90% of the instant endpoint's | ${fmt(vsInstant * 100, 0)}% | ${verdict(vsInstant >= 0.9)} |
| 100 KB calls/s at c=16 ≥ the peer's | ${fmt(bigVsPeer * 100, 0)}% of ${PEER.pkg} | ${verdict(bigVsPeer >= 1)} |

Lean lane against the SDK path, same build, same run: CPU per call at c=16
${fmt(ratio('sbLean', 'sbSdk', 'c16.cpu') * 100, 0)}% (stdio) and ${fmt(ratio('sbHttpLean', 'sbHttpSdk', 'c16.cpu') * 100, 0)}% (HTTP upstream); 100 KB calls/s
${fmt(ratio('sbLean', 'sbSdk', 'big16.tput') * 100, 0)}% (stdio) and ${fmt(ratio('sbHttpLean', 'sbHttpSdk', 'big16.tput') * 100, 0)}% (HTTP upstream).
${
  MODERN
    ? ''
    : `\nAgainst the bare forwarder (bench/bare-forwarder.ts: parse, new id, stdin, answer; nothing
else), same run: Switchboard's lean lane uses ${fmt(ratio('sbLean', 'bare', 'c1.cpu'), 2)}× its CPU per call at c=1 and
${fmt(ratio('sbLean', 'bare', 'c16.cpu'), 2)}× at c=16, and does ${fmt(ratio('sbLean', 'bare', 'c64.tput') * 100, 0)}% of its calls/s at c=64. The forwarder
itself does ${fmt(paired('bare', 'instant') * 100, 0)}% of the instant endpoint's calls/s at c=64 (paired bursts): with the server on the same
cores, that is the most any gateway reaches here.\n`
}${
    MODERN
      ? `\nThe 2026-07-28 agent lane against the same build with it alone off: CPU per call at c=16
${fmt(ratio('sbLean', 'sbNoModern', 'c16.cpu') * 100, 0)}% (stdio) and ${fmt(ratio('sbHttpLean', 'sbHttpNoModern', 'c16.cpu') * 100, 0)}% (HTTP upstream); small calls/s at c=16
${fmt(ratio('sbLean', 'sbNoModern', 'c16.tput') * 100, 0)}% (stdio) and ${fmt(ratio('sbHttpLean', 'sbHttpNoModern', 'c16.tput') * 100, 0)}% (HTTP upstream).\n`
      : ''
  }
${header}
${rule}
${rows.join('\n')}

- Agent: the SDK \`Client\` over Streamable HTTP, ${MODERN ? 'pinned to 2026-07-28 (no session)' : '2025 handshake, one session'} per path;
  concurrency = that many callers on it. Small call: \`echo\` with a unique text; 100 KB: \`big\`.
  Warm-up ${N.warm} small calls + 100 large per path before measuring; c=1 ${N.c1[0]} + ${N.c1[1]}, c=16
  ${N.c16[0]} + ${N.c16[1]}, c=64 ${N.c64[0]} + ${N.c64[1]}, 100 KB c=16 ${N.big16[0]} + ${N.big16[1]} calls (warm-up + counted).
- Gateway CPU: user + system time of the gateway process alone (pidusage), over the counted
  calls ÷ calls; the servers behind it are not counted. The instant endpoint's figure is its own.
- Bare forwarder: a plain \`node:http\` server that forwards each JSON-RPC message to the same
  fixture's stdin with an id of its own and answers with the agent's id; the floor for a gateway.
- Peer: \`${PEER.pkg} --port <p> --host 127.0.0.1 -- <fixture>\`, its defaults otherwise,
  installed by \`npm install --prefix bench/.peers ${PEER.pkg}@${PEER.version}\` on first use.
- The machine's 2 cores are shared with other work: single runs move by 20% and more, so read
  the medians and the same-run ratios.

${failures.length > 0 ? `Failed measurements (left out of the medians): ${failures.join('; ')}.\n\n` : ''}All repetitions:

| measure | path | runs |
|---|---|---|
${perRun.join('\n')}`;
}

async function main(): Promise<void> {
  const started = performance.now();
  if (!MODERN) peerBin();
  const fixture = await prepareFixture();
  for (let rep = 0; rep < REPS; rep++) {
    currentRep = rep;
    await round(fixture, rep);
  }
  const section = render((performance.now() - started) / 1000);
  process.stdout.write(`\n${section}\n`);
  if (QUICK || REPS < 3 || MODERN) return log('short run: bench/results.md left as it was');
  const file = join(REPO_ROOT, 'bench/results.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeFileSync(file, replaceSection(previous, 'per-call', section));
  log('wrote the per-call section of bench/results.md');
}

try {
  await main();
} catch (error) {
  process.stderr.write(
    `per-call bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  pidusage.clear();
}
process.exit();
