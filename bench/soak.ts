/**
 * The soak: 64 agent sessions (real SDK clients, half 2025-era, half 2026-07-28) calling tools
 * through a real `switchboard serve` in front of two stdio fixture servers and one Streamable
 * HTTP fixture (a 2025-era connection), for `--minutes` (default 10). It reports calls, errors,
 * p50/p99 latency, the gateway's RSS every `--sample-seconds` (default 10) and the warning lines
 * it printed on stderr, and ends with a verdict: 0 errors, 0 warnings, RSS flat after warm-up
 * (the first fifth of the run). Exit code 1 when the verdict fails.
 *
 *   npm run bench:soak                    # 10 minutes (builds first)
 *   npm run bench:soak -- --minutes 1     # a short check
 */
import { parseArgs } from 'node:util';
import type { Client } from '@modelcontextprotocol/client';
import { prepareFixture, rssOf, startHttpFixture, startServe } from './processes.js';
import { connectAgent, type Era } from './workloads.js';

const SESSIONS = 64;
/** RSS counts as flat when the end of the run stays within this of the start after warm-up. */
const RSS_SLACK = 1.15;
const RSS_SLACK_BYTES = 16 * 1024 * 1024;

interface Options {
  minutes: number;
  sampleSeconds: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      'sample-seconds': { type: 'string', default: '10' },
    },
  });
  const minutes = Number(values.minutes);
  const sampleSeconds = Number(values['sample-seconds']);
  if (!(minutes > 0) || !(sampleSeconds > 0))
    throw new Error('--minutes and --sample-seconds take positive numbers');
  return { minutes, sampleSeconds };
}

/** The calls an agent makes in turn: two stdio servers and the HTTP one, one slow call. */
function nextCall(
  session: number,
  n: number,
): { name: string; arguments: Record<string, unknown> } {
  const text = `s${session}-${n}`;
  switch (n % 5) {
    case 0:
      return { name: 'alpha__echo', arguments: { text } };
    case 1:
      return { name: 'beta__add', arguments: { a: session, b: n } };
    case 2:
      return { name: 'remote__echo', arguments: { text } };
    case 3:
      return { name: 'alpha__slow', arguments: { ms: 20 } };
    default:
      return { name: 'beta__big', arguments: { bytes: 2_000 + (n % 1_000) } };
  }
}

interface Tally {
  calls: number;
  errors: number;
  firstErrors: string[];
  latencies: number[];
}

async function agentLoop(
  client: Client,
  session: number,
  until: number,
  tally: Tally,
): Promise<void> {
  for (let n = 0; Date.now() < until; n++) {
    const started = performance.now();
    try {
      const result = await client.callTool(nextCall(session, n));
      if (result.isError) throw new Error(JSON.stringify(result.content).slice(0, 200));
    } catch (error) {
      tally.errors += 1;
      if (tally.firstErrors.length < 5) tally.firstErrors.push(String(error).slice(0, 300));
    }
    tally.calls += 1;
    tally.latencies.push(performance.now() - started);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** Flat: the highest RSS of the last third stays within the slack of the first third's highest. */
function rssVerdict(samples: { at: number; rss: number }[], warmupMs: number) {
  const after = samples.filter((s) => s.at >= warmupMs);
  if (after.length < 3) return { flat: true, note: 'too few samples after warm-up to judge' };
  const third = Math.max(1, Math.floor(after.length / 3));
  const early = Math.max(...after.slice(0, third).map((s) => s.rss));
  const late = Math.max(...after.slice(-third).map((s) => s.rss));
  const flat = late <= early * RSS_SLACK + RSS_SLACK_BYTES;
  return { flat, note: `max RSS ${mb(early)} MB early vs ${mb(late)} MB late after warm-up` };
}

async function main(): Promise<void> {
  const opts = options();
  const fixture = await prepareFixture();
  const http = await startHttpFixture(fixture, ['--name', 'remote']);
  const stdio = { command: fixture.command, args: fixture.args };
  const sb = await startServe({ alpha: stdio, beta: stdio }, [], {
    configServers: [
      { id: 'remote', transport: { type: 'http', url: http.url, headers: {} }, era: '2025' },
    ],
  });
  const tally: Tally = { calls: 0, errors: 0, firstErrors: [], latencies: [] };
  const samples: { at: number; rss: number }[] = [];
  try {
    // Legacy sessions count against the per-key limit (32); modern requests have no session.
    const eras: Era[] = Array.from({ length: SESSIONS }, (_, i) => (i % 2 ? '2026-07-28' : '2025'));
    const target = { url: sb.url, key: sb.adminKey, prefix: '' };
    const clients = await Promise.all(eras.map((era) => connectAgent(target, era)));
    const durationMs = opts.minutes * 60_000;
    const begin = Date.now();
    const until = begin + durationMs;
    const sample = async () => samples.push({ at: Date.now() - begin, rss: await rssOf(sb.pid) });
    await sample();
    const sampler = setInterval(() => void sample(), opts.sampleSeconds * 1000);
    const progress = setInterval(
      () =>
        process.stdout.write(
          `soak: ${Math.round((Date.now() - begin) / 1000)} s, ${tally.calls} calls, ${tally.errors} errors, RSS ${mb(samples.at(-1)!.rss)} MB\n`,
        ),
      60_000,
    );
    await Promise.all(clients.map((client, i) => agentLoop(client, i, until, tally)));
    clearInterval(sampler);
    clearInterval(progress);
    await sample();
    await Promise.allSettled(clients.map((c) => c.close()));
    report(opts, tally, samples, sb.warningLines(), durationMs);
  } finally {
    await sb.stop();
    await http.stop();
  }
}

function report(
  opts: Options,
  tally: Tally,
  samples: { at: number; rss: number }[],
  warnings: string[],
  durationMs: number,
): void {
  const sorted = [...tally.latencies].sort((a, b) => a - b);
  const rss = rssVerdict(samples, durationMs / 5);
  const lines = [
    `Soak: ${SESSIONS} sessions for ${opts.minutes} min against switchboard serve (2 stdio servers, 1 HTTP)`,
    `calls ${tally.calls} (${(tally.calls / (durationMs / 1000)).toFixed(0)}/s), errors ${tally.errors}`,
    `latency p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`,
    `gateway RSS (MB) every ${opts.sampleSeconds} s: ${samples.map((s) => mb(s.rss)).join(' ')}`,
    `RSS: ${rss.note}`,
    `stderr warning lines: ${warnings.length}`,
    ...warnings.slice(0, 5).map((w) => `  ${w}`),
    ...tally.firstErrors.map((e) => `  error: ${e}`),
  ];
  const pass = tally.errors === 0 && warnings.length === 0 && rss.flat;
  lines.push(
    `VERDICT: ${pass ? 'PASS' : 'FAIL'} (0 errors: ${tally.errors === 0}, 0 warnings: ${warnings.length === 0}, RSS flat: ${rss.flat})`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = pass ? 0 : 1;
}

await main();
