/**
 * Gateway CPU per small call of two builds, side by side in one run: this checkout's and
 * another's (`--before <dir>`: a checkout of an earlier commit with `out/` built), each a
 * `switchboard serve` in front of the same fixture (stdio, or with `--upstream http` one
 * Streamable HTTP fixture process both builds talk to), with policy, audit and metrics on
 * (the default config). The builds take turns within each repetition, order swapped each time.
 * It reports; it asserts nothing.
 *
 *   git archive <commit> | tar -x -C <dir> && cp -al node_modules <dir>/ && (cd <dir> && npx electron-vite build)
 *   npm run build && node --import tsx bench/ab-builds.ts --before <dir> [--reps N] [--upstream http]
 */
import { resolve } from 'node:path';
import pidusage from 'pidusage';
import { loadavg } from 'node:os';
import {
  cpuTimeOf,
  prepareFixture,
  startHttpFixture,
  startServe,
  switchboardBin,
  type McpServerEntry,
  type NodeCommand,
} from './processes.js';
import { closedLoop, connectAgent, median, quantile, smallCall } from './workloads.js';

const argv = process.argv.slice(2);
const at = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
const beforeDir = at('--before');
if (!beforeDir) throw new Error('usage: bench/ab-builds.ts --before <dir with a built checkout>');
const REPS = Number(at('--reps') ?? 3) || 3;

process.removeAllListeners('warning');

const builds: [string, NodeCommand | undefined][] = [
  [
    'before',
    {
      command: process.execPath,
      args: [switchboardBin(resolve(beforeDir))],
      label: 'before',
    },
  ],
  ['after', undefined],
];
const figures = new Map<string, number[]>();
const add = (key: string, value: number) => figures.set(key, [...(figures.get(key) ?? []), value]);

const fixture = await prepareFixture();
const http =
  at('--upstream') === 'http' ? await startHttpFixture(fixture, ['--name', 'local']) : null;
const servers: Record<string, McpServerEntry> = {
  local: http
    ? { url: http.url, type: 'http' }
    : { command: fixture.command, args: [...fixture.args, '--name', 'local'] },
};
for (let rep = 0; rep < REPS; rep++) {
  const order = rep % 2 === 0 ? builds : [...builds].reverse();
  for (const [name, command] of order) {
    const sb = await startServe(servers, [], command ? { command } : {});
    try {
      const client = await connectAgent({ url: sb.url, key: sb.adminKey, prefix: 'local__' });
      const small = smallCall('local__');
      await closedLoop(client, small, 16, 3_000, 0);
      for (const [c, warm, count] of [
        [1, 100, 500],
        [16, 200, 1_500],
      ] as const) {
        await closedLoop(client, small, c, warm, 0);
        const before = await cpuTimeOf(sb.pid);
        const run = await closedLoop(client, small, c, count, 0);
        add(`${name} c=${c} cpu`, ((await cpuTimeOf(sb.pid)) - before) / count);
        add(`${name} c=${c} p50`, quantile(run.latencies, 0.5));
      }
      await client.close();
    } finally {
      await sb.stop();
    }
    process.stderr.write(`rep ${rep + 1} ${name} done, load ${loadavg()[0]!.toFixed(1)}\n`);
  }
}
for (const [key, values] of figures) {
  const shown = values.map((v) => v.toFixed(3)).join(' · ');
  console.log(`${key} (ms): median ${median(values).toFixed(3)}  [${shown}]`);
}
console.log(
  `upstream ${http ? 'http' : 'stdio'}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
await http?.stop();
pidusage.clear();
process.exit();
