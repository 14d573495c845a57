/**
 * Idle servers and cold starts, side by side in one run (prints a markdown section):
 *
 *   npm run build && node --import tsx bench/idle.ts [--reps 3]
 *
 * Ten stdio fixture servers (the esbuild bundle of test/fixtures/servers/fixture-server.ts)
 * configured with a quiet period of 5 s instead of the default 10 minutes, so the bench need not
 * wait ten minutes. Per repetition:
 * - whole-tree RSS (gateway + every descendant) with the ten servers running, then once all ten
 *   are asleep;
 * - the first call to a sleeping server through Switchboard, against that server's own start
 *   (this process spawns it with a plain SDK client, connects and makes the same call);
 * - the everyday start: `serve` again on the same data dir, from the spawn to a complete
 *   tools/list (the servers stay asleep; their lists come from the last run).
 * It reports, it asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import {
  prepareFixture,
  rssOf,
  startServe,
  type NodeCommand,
  type ServeProcess,
} from './processes.js';
import { connectAgent, median } from './workloads.js';

const SERVERS = 10;
const QUIET_MS = 5_000;
const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 3;
const log = (line: string) => process.stderr.write(`idle: ${line}\n`);

/** Every descendant of a process, depth first. */
function descendants(pid: number): number[] {
  let kids: number[] = [];
  try {
    kids = execFileSync('ps', ['--ppid', String(pid), '-o', 'pid='], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
  } catch {
    // No children.
  }
  return kids.flatMap((kid) => [kid, ...descendants(kid)]);
}

/** RSS of a process and all its descendants, in MB. */
async function treeRssMb(pid: number): Promise<{ total: number; processes: number }> {
  const pids = [pid, ...descendants(pid)];
  const rss = await Promise.all(pids.map((p) => rssOf(p).catch(() => 0)));
  return { total: rss.reduce((a, b) => a + b, 0) / 1024 ** 2, processes: pids.length };
}

/** Each server's state from `/health`. */
async function states(sb: ServeProcess): Promise<string[]> {
  const res = await fetch(new URL('/health', sb.url));
  const body = (await res.json()) as { servers: { state: string }[] };
  return body.servers.map((s) => s.state);
}

async function until(what: string, check: () => Promise<boolean>, limitMs = 120_000) {
  const giveUp = performance.now() + limitMs;
  while (!(await check())) {
    if (performance.now() > giveUp) throw new Error(`gave up waiting: ${what}`);
    await delay(50);
  }
}

function serverConfigs(fixture: NodeCommand) {
  return Array.from({ length: SERVERS }, (_, i) => ({
    id: `s${i}`,
    transport: {
      type: 'stdio',
      command: fixture.command,
      args: [...fixture.args, '--name', `s${i}`],
    },
    idleStopMs: QUIET_MS,
  }));
}

/** The server's own start: spawn, handshake, one call (what a cold call must at least pay). */
async function directColdCall(fixture: NodeCommand, name: string): Promise<number> {
  const start = performance.now();
  const client = new Client({ name: 'bench-direct', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({ command: fixture.command, args: [...fixture.args, '--name', name] }),
  );
  await client.callTool({ name: 'echo', arguments: { text: 'cold' } });
  const elapsed = performance.now() - start;
  await client.close();
  return elapsed;
}

interface Round {
  rssRunning: number;
  rssAsleep: number;
  processesAsleep: number;
  gatewayAsleep: number;
  coldViaSb: number[];
  coldDirect: number[];
  warmViaSb: number[];
  everydayStartMs: number;
}

async function round(fixture: NodeCommand, rep: number): Promise<Round> {
  log(`rep ${rep + 1}: ${SERVERS} servers, quiet period ${QUIET_MS} ms`);
  const sb = await startServe({}, [], { configServers: serverConfigs(fixture) });
  const coldViaSb: number[] = [];
  const coldDirect: number[] = [];
  let rssRunning = 0;
  let rssAsleep = { total: 0, processes: 0 };
  let gatewayAsleep = 0;
  const warmViaSb: number[] = [];
  try {
    // A fresh data dir: every server starts once to learn its lists.
    await until('all ready', async () => (await states(sb)).every((s) => s === 'ready'));
    rssRunning = (await treeRssMb(sb.pid)).total;
    await until('all asleep', async () => (await states(sb)).every((s) => s === 'asleep'));
    await delay(500);
    rssAsleep = await treeRssMb(sb.pid);
    gatewayAsleep = (await rssOf(sb.pid)) / 1024 ** 2;
    const agent = await connectAgent({ url: sb.url, key: sb.adminKey, prefix: '' }, '2025');
    try {
      // Alternate: a cold call through Switchboard, then the same server's own start.
      for (let i = 0; i < 3; i++) {
        const id = `s${i}`;
        const t0 = performance.now();
        await agent.callTool({ name: `${id}__echo`, arguments: { text: 'cold' } });
        coldViaSb.push(performance.now() - t0);
        // At once, before its quiet period can pass: the same server, awake.
        const t1 = performance.now();
        await agent.callTool({ name: `${id}__echo`, arguments: { text: 'warm' } });
        warmViaSb.push(performance.now() - t1);
        coldDirect.push(await directColdCall(fixture, `direct${i}`));
      }
    } finally {
      await agent.close();
    }
  } finally {
    await sb.stop();
  }
  // Everyday start: the same data dir again; the servers' lists are remembered.
  const again = await startServe({}, [], { dataDir: sb.dataDir });
  let everydayStartMs = 0;
  try {
    const agent = await connectAgent({ url: again.url, key: again.adminKey, prefix: '' }, '2025');
    const { tools } = await agent.listTools();
    everydayStartMs = performance.now() - again.spawnedAt;
    log(`everyday start listed ${tools.length} tools`);
    await agent.close();
  } finally {
    await again.stop();
  }
  return {
    rssRunning,
    rssAsleep: rssAsleep.total,
    processesAsleep: rssAsleep.processes,
    gatewayAsleep,
    coldViaSb,
    coldDirect,
    warmViaSb,
    everydayStartMs,
  };
}

const fixture = await prepareFixture();
const rounds: Round[] = [];
for (let rep = 0; rep < reps; rep++) rounds.push(await round(fixture, rep));

const med = (pick: (r: Round) => number) => median(rounds.map(pick));
const cold = median(rounds.flatMap((r) => r.coldViaSb));
const own = median(rounds.flatMap((r) => r.coldDirect));
const fmt = (n: number) => n.toFixed(1);
const lines = [
  `## Idle servers and cold starts (bench/idle.ts)`,
  '',
  `${new Date().toISOString()} · Node ${process.version} · medians of ${reps} repetitions ·`,
  `${SERVERS} stdio servers (${fixture.label}), quiet period ${QUIET_MS} ms (the default is 10 minutes).`,
  '',
  '| figure | median | target |',
  '|---|---:|---|',
  `| whole tree RSS, ${SERVERS} servers running | ${fmt(med((r) => r.rssRunning))} MB | — |`,
  `| whole tree RSS, ${SERVERS} servers asleep after the quiet period | ${fmt(med((r) => r.rssAsleep))} MB (${med((r) => r.processesAsleep)} process) | ≤ 150 MB |`,
  `| gateway RSS alone, servers asleep | ${fmt(med((r) => r.gatewayAsleep))} MB | — |`,
  `| first call to a sleeping stdio server, through Switchboard | ${fmt(cold)} ms | — |`,
  `| the same server's own start (spawn, handshake, the same call; no Switchboard) | ${fmt(own)} ms | — |`,
  `| cold call − own start | ${fmt(cold - own)} ms | ≤ +50 ms |`,
  `| the next call, awake, through Switchboard | ${fmt(median(rounds.flatMap((r) => r.warmViaSb)))} ms | — |`,
  `| everyday start: spawn → complete tools/list (servers asleep, lists remembered) | ${fmt(med((r) => r.everydayStartMs))} ms | ≤ 200 ms |`,
  '',
  `Runs: ${rounds.map((r) => `rss asleep ${fmt(r.rssAsleep)} MB, cold ${r.coldViaSb.map(fmt).join('/')} vs own ${r.coldDirect.map(fmt).join('/')} ms, everyday ${fmt(r.everydayStartMs)} ms`).join('; ')}.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
