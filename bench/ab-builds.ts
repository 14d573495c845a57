/**
 * Gateway CPU per small call of two builds, side by side in one run: this checkout's and
 * another's (`--before <dir>`: a checkout of an earlier commit with `out/` built), each a
 * `switchboard serve` in front of the same fixture (stdio, or with `--upstream http` one
 * Streamable HTTP fixture process both builds talk to), with policy, audit and metrics on
 * (the default config). It reports; it asserts nothing.
 *
 * Both gateways run for the whole comparison and take turns in pairs (the order swapped every
 * pair): c=1 calls, c=16 calls (the CPU of the gateway process alone, per call) and a c=64
 * burst (calls/s). What it reports is the median of the same-pair ratios, before ÷ after, with
 * their lowest and highest: two figures measured seconds apart share the machine's state of the
 * moment, where separate runs do not: on 2026-12-03 the bare forwarder's median CPU per call
 * at c=1 read 0.18, 0.24 and 0.22 ms in three runs of bench:per-call, its code unchanged.
 *
 *   git archive <commit> | tar -x -C <dir> && cp -al node_modules <dir>/ && (cd <dir> && npx electron-vite build)
 *   npm run build && node --import tsx bench/ab-builds.ts --before <dir> [--pairs N] [--upstream http]
 */
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import type { Client } from '@modelcontextprotocol/client';
import pidusage from 'pidusage';
import {
  prepareFixture,
  startHttpFixture,
  startServe,
  switchboardBin,
  type McpServerEntry,
  type ServeProcess,
} from './processes.js';
import { closedLoop, connectAgent, cpuLoop, median, smallCall } from './workloads.js';

const argv = process.argv.slice(2);
const at = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
const beforeDir = at('--before');
if (!beforeDir) throw new Error('usage: bench/ab-builds.ts --before <dir with a built checkout>');
if (argv.includes('--reps')) {
  // Earlier runs in results.md name --reps: those started each build afresh per repetition.
  throw new Error('bench/ab-builds.ts takes --pairs N now: both builds run throughout, in pairs');
}
const PAIRS = Number(at('--pairs') ?? 10) || 10;
/** Counted calls per turn: c=1, c=16, and the c=64 burst. */
const COUNT = { c1: 800, c16: 3_000, c64: 1_500 };

process.removeAllListeners('warning');

interface Build {
  name: 'before' | 'after';
  serve: ServeProcess;
  client: Client;
}

const fixture = await prepareFixture();
const http =
  at('--upstream') === 'http' ? await startHttpFixture(fixture, ['--name', 'local']) : null;
const servers: Record<string, McpServerEntry> = {
  local: http
    ? { url: http.url, type: 'http' }
    : { command: fixture.command, args: [...fixture.args, '--name', 'local'] },
};
const small = smallCall('local__');

async function start(name: Build['name']): Promise<Build> {
  const command =
    name === 'before'
      ? { command: process.execPath, args: [switchboardBin(resolve(beforeDir!))], label: name }
      : undefined;
  const serve = await startServe(servers, [], command ? { command } : {});
  const client = await connectAgent({ url: serve.url, key: serve.adminKey, prefix: 'local__' });
  // Warm: the JIT has seen the hot path before anything is counted.
  await closedLoop(client, small, 16, 3_000, 0);
  return { name, serve, client };
}

/** One turn of a build: CPU per call at c=1 and c=16 (ms), calls/s at c=64. */
async function turn({ serve, client }: Build): Promise<[number, number, number]> {
  const c1 = (await cpuLoop(client, small, 1, [100, COUNT.c1], serve.pid)).cpuPerCall;
  const c16 = (await cpuLoop(client, small, 16, [100, COUNT.c16], serve.pid)).cpuPerCall;
  await closedLoop(client, small, 64, 256, 0);
  const c64 = (await closedLoop(client, small, 64, COUNT.c64, 0)).callsPerSecond;
  return [c1, c16, c64];
}

const builds = [await start('before'), await start('after')];
const figures: Record<Build['name'], [number, number, number][]> = { before: [], after: [] };
try {
  for (let pair = 0; pair < PAIRS; pair++) {
    const order = pair % 2 === 0 ? builds : [...builds].reverse();
    for (const build of order) figures[build.name].push(await turn(build));
    process.stderr.write(`pair ${pair + 1} of ${PAIRS}, load ${loadavg()[0]!.toFixed(1)}\n`);
  }
} finally {
  for (const { serve, client } of builds) {
    await client.close();
    await serve.stop();
  }
}

const fmt = (v: number) => v.toFixed(v >= 100 ? 0 : 3);
const rows: [string, number][] = [
  ['gateway CPU per small call, c=1 (ms)', 0],
  ['gateway CPU per small call, c=16 (ms)', 1],
  ['small calls/s, c=64', 2],
];
console.log(`| measure | before | after | before ÷ after, median of ${PAIRS} pairs (range) |`);
console.log('|---|---:|---:|---|');
for (const [label, i] of rows) {
  const before = figures.before.map((f) => f[i]!);
  const after = figures.after.map((f) => f[i]!);
  const ratios = before.map((b, k) => b / after[k]!);
  console.log(
    `| ${label} | ${fmt(median(before))} | ${fmt(median(after))} | ` +
      `${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`,
  );
}
console.log(
  'CPU: above 1× the after build uses less per call. Calls/s: below 1× the after build does more.',
);
console.log(
  `upstream ${http ? 'http' : 'stdio'}; ${COUNT.c1} calls at c=1, ${COUNT.c16} at c=16 and ` +
    `${COUNT.c64} at c=64 per turn; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
await http?.stop();
pidusage.clear();
process.exit();
