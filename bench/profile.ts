/**
 * `node --import tsx bench/run.ts --profile`: one c=16 small-call run through Switchboard (→ the
 * HTTP fixture), with the serve process under `node --cpu-prof`, run from the TypeScript sources
 * (tsx) so profile frames name src/ files. Prints the top functions by self time and the share
 * of each file; the .cpuprofile is kept for Chrome DevTools.
 *
 * Run on its own for the other paths:
 *   node --import tsx bench/profile.ts [--upstream stdio|http] [--concurrency N] [--calls N]
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, SCRATCH, startHttpFixture, startServe, type NodeCommand } from './processes.js';
import { closedLoop, connectAgent, smallCall } from './workloads.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A short place name: a repo-relative path, or the package name inside node_modules. */
function place(url: string): string {
  if (!url) return '(native)';
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return path.startsWith(REPO_ROOT) ? relative(REPO_ROOT, path) : path;
}

/** Self time per function and per place, in ms, from a .cpuprofile. */
export function summarise(profile: CpuProfile): {
  byFunction: [string, number][];
  byPlace: [string, number][];
  totalMs: number;
} {
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000),
  );
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let totalMs = 0;
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (ms === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = place(url);
    const key = `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    byPlace.set(where, (byPlace.get(where) ?? 0) + ms);
    totalMs += ms;
  }
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { byFunction: top(byFunction), byPlace: top(byPlace), totalMs };
}

export interface ProfileOptions {
  /** The server behind the gateway: the HTTP fixture (default) or the same fixture over stdio. */
  upstream?: 'http' | 'stdio';
  concurrency?: number;
  calls?: number;
}

/** Runs the profiled small-call workload and prints the summary. */
export async function profileGateway(
  fixture: NodeCommand,
  { upstream = 'http', concurrency = 16, calls = 4_000 }: ProfileOptions = {},
): Promise<void> {
  const dir = join(SCRATCH, 'cpu-prof');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const http = upstream === 'http' ? await startHttpFixture(fixture, ['--name', 'remote']) : null;
  try {
    const entry = http
      ? { url: http.url, type: 'http' as const }
      : { command: fixture.command, args: [...fixture.args, '--name', 'remote'] };
    const sb = await startServe({ remote: entry }, ['--cpu-prof', '--cpu-prof-dir', dir], {
      fromSources: true,
    });
    try {
      const client = await connectAgent({ url: sb.url, key: sb.adminKey, prefix: 'remote__' });
      const run = await closedLoop(client, smallCall('remote__'), concurrency, calls, 500);
      process.stdout.write(
        `c=${concurrency} through Switchboard → ${upstream} (profiled): ${Math.round(run.callsPerSecond)} calls/s\n`,
      );
      await client.close();
    } finally {
      await sb.stop();
    }
  } finally {
    await http?.stop();
  }
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('the serve process wrote no .cpuprofile');
  const kept = join(REPO_ROOT, 'bench', '.last-gateway.cpuprofile');
  copyFileSync(join(dir, file), kept);
  const { byFunction, byPlace, totalMs } = summarise(
    JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile,
  );
  const pct = (ms: number) => `${((ms / totalMs) * 100).toFixed(1).padStart(5)}%`;
  process.stdout.write(
    `\nSelf time by place (whole serve process lifetime, ${Math.round(totalMs)} ms sampled):\n`,
  );
  for (const [where, ms] of byPlace.slice(0, 25)) process.stdout.write(`${pct(ms)}  ${where}\n`);
  process.stdout.write('\nTop functions by self time:\n');
  for (const [name, ms] of byFunction.slice(0, 40)) process.stdout.write(`${pct(ms)}  ${name}\n`);
  process.stdout.write('\nsrc/main/gateway functions by self time:\n');
  for (const [name, ms] of byFunction
    .filter(([n]) => n.includes('src/main/gateway'))
    .slice(0, 20)) {
    process.stdout.write(`${pct(ms)}  ${name}\n`);
  }
  process.stdout.write(
    `\nProfile kept at ${relative(REPO_ROOT, kept)} (open in Chrome DevTools).\n`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // The agent's SDK client leaves an abort listener per fetch on its transport's signal until
  // GC; the warnings that trips would flood the report (see per-call.ts).
  process.removeAllListeners('warning');
  const argv = process.argv.slice(2);
  const value = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const { prepareFixture } = await import('./processes.js');
  await profileGateway(await prepareFixture(), {
    upstream: value('--upstream') === 'stdio' ? 'stdio' : 'http',
    concurrency: Number(value('--concurrency') ?? 16),
    calls: Number(value('--calls') ?? 4_000),
  });
}
