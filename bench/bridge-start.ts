/**
 * The stdio bridge's start, this build against another: `switchboard connect` is what an agent
 * such as Claude Desktop starts for each session, so its start is part of every session's first
 * answer. One `serve` of this build runs on a scratch data dir; each turn spawns one build's
 * bridge, writes an initialize to its stdin and times the answer on its stdout (from the spawn).
 * The builds take turns, the order swapped every pair, after two warm-up starts each (their
 * V8 code caches). It prints medians; it writes nothing.
 *
 *   git worktree add <dir> <commit> && cp -al node_modules <dir>/ && (cd <dir> && npx electron-vite build)
 *   npm run build && node --import tsx bench/bridge-start.ts --base <dir> [--pairs 12]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, startServe, switchboardBin } from './processes.js';
import { initializeRequest, quantile } from './workloads.js';

const { values } = parseArgs({
  strict: true,
  options: { base: { type: 'string' }, pairs: { type: 'string', default: '12' } },
});
const PAIRS = Number(values.pairs);
if (!values.base || !existsSync(join(values.base, 'out/main/headless.cjs'))) {
  process.stderr.write(
    'bridge-start: --base DIR takes a built checkout (DIR/out/main/headless.cjs)\n',
  );
  process.exit(2);
}
if (!Number.isInteger(PAIRS) || PAIRS < 1) {
  process.stderr.write(
    `bridge-start: --pairs takes a whole number from 1, not "${values.pairs}"\n`,
  );
  process.exit(2);
}
const BUILDS = { base: switchboardBin(values.base), this: switchboardBin(REPO_ROOT) };
type Build = keyof typeof BUILDS;

const INITIALIZE = `${JSON.stringify(initializeRequest(1, 'bridge-start'))}\n`;

/** ms from spawning `build`'s bridge to the first line it writes back (the initialize's answer). */
function bridgeStart(build: Build, url: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const at = performance.now();
    const child = spawn(process.execPath, [BUILDS[build], 'connect', '--url', url], {
      env: { ...process.env, SWITCHBOARD_KEY: key },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('\n')) return;
      const ms = performance.now() - at;
      child.stdin.end();
      child.once('exit', () => resolve(ms));
    });
    child.once('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`${build}'s bridge exited (${code}): ${err}`));
    });
    child.stdin.write(INITIALIZE);
  });
}

const sb = await startServe({}, []);
const key = sb.adminKey;
const runs: Record<Build, number[]> = { base: [], this: [] };
const load: number[] = [];
try {
  for (const build of ['base', 'this'] as Build[]) {
    for (let i = 0; i < 2; i += 1) await bridgeStart(build, sb.url, key);
  }
  for (let pair = 0; pair < PAIRS; pair += 1) {
    load.push(loadavg()[0]!);
    for (const build of (pair % 2 ? ['this', 'base'] : ['base', 'this']) as Build[]) {
      runs[build].push(await bridgeStart(build, sb.url, key));
    }
  }
} finally {
  await sb.stop();
}
const ratios = runs.base.map((ms, i) => ms / runs.this[i]!);
const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(' · ');
process.stdout.write(
  [
    '| bridge start: spawn → initialize answered | base | this build |',
    '|---|---:|---:|',
    `| median, ms | ${Math.round(quantile(runs.base, 0.5))} | ${Math.round(quantile(runs.this, 0.5))} |`,
    '',
    `Runs, base: ${fmt(runs.base)}; this: ${fmt(runs.this)}.`,
    `Base ÷ this, median of ${PAIRS} pairs: ${quantile(ratios, 0.5).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}); load average (1 min) ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}.`,
    '',
  ].join('\n'),
);
process.exit(0);
