/**
 * Where a small call's CPU goes, on-CPU and by kind of work, for the gateway (the built
 * `switchboard serve`, stdio fixture, lean lane, policy, audit and metrics on) and for the bare
 * forwarder (bench/bare-forwarder.ts) in front of the same fixture, in one run. Each runs under
 * `perf record` (Linux perf, the `linux-perf` package) for the same closed loop; every sample is
 * sorted into a kind by its symbol (V8 builtins, GC, JIT code, the kernel…) and the table gives
 * ms per call. Unlike V8's own profiler, perf samples only while the process is on a CPU, so a
 * thread preempted inside a pipe write is not counted as that write's cost. It reports; it
 * asserts nothing.
 *
 *   npm run build && node --import tsx bench/on-cpu.ts [--calls 8000] [--concurrency 16]
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareFixture, SCRATCH, startBareForwarder, startServe } from './processes.js';
import { closedLoop, connectAgent, smallCall, type Target } from './workloads.js';

const { values } = parseArgs({
  strict: true,
  options: {
    calls: { type: 'string', default: '8000' },
    concurrency: { type: 'string', default: '16' },
  },
});
// The agent's SDK client leaves an abort listener per fetch on its transport's signal until GC;
// the warnings that trips would flood the report (see per-call.ts).
process.removeAllListeners('warning');
const CALLS = Number(values.calls);
const CONCURRENCY = Number(values.concurrency);
/** perf's default sampling rate (4,000 Hz): each sample stands for this much CPU. */
const MS_PER_SAMPLE = 0.25;

/** Kinds of work, tried in order against each sample's symbol; the first that matches wins. */
const KINDS: [string, RegExp][] = [
  ['kernel (system calls, scheduling)', /^\[k\]/],
  ['JIT-compiled JavaScript', /\bJS:|RegExp:/],
  [
    'garbage collection',
    /Scaveng|Marking|MarkCompact|Sweep|Evacuat|RememberedSet|Heap::|NewSpace|PagedSpace|FreeList/,
  ],
  [
    'property access, object shapes (ICs)',
    /IC_|IC\b|ICTrampoline|LookupIterator|Transition|MigrateToMap|DescriptorArray|StubCache|DefineNamedOwn|CreateDataProperty|FastPropertyAt|MakePrototypesFast/,
  ],
  ['promises, async functions', /Promise|Microtask|Generator|AsyncFunction|Await/],
  ['interpreter, lazy compile', /Handler$|Baseline|Interpreter|Bytecode|CompileLazy/],
  ['JSON parse and stringify', /Json/],
  ['strings', /String|Utf8|Internaliz/],
  ['Map and Set', /OrderedHash|MapPrototype|SetPrototype/],
  ['malloc, memcpy', /malloc|_int_free|cfree|unlink_chunk|memmove|memcpy|memset/],
  ['HTTP parser, libuv, Node C++', /llhttp|\buv_|uv__|node::|epoll/],
];
const OTHER = 'other V8 builtins and runtime';

interface Subject {
  target: Target;
  pid: number;
  stop: () => Promise<void>;
}

async function gateway(fixture: Awaited<ReturnType<typeof prepareFixture>>): Promise<Subject> {
  const local = { command: fixture.command, args: [...fixture.args, '--name', 'local'] };
  const sb = await startServe({ local }, ['--perf-basic-prof']);
  return {
    target: { url: sb.url, key: sb.adminKey, prefix: 'local__' },
    pid: sb.pid,
    stop: sb.stop,
  };
}

async function bare(fixture: Awaited<ReturnType<typeof prepareFixture>>): Promise<Subject> {
  const forwarder = await startBareForwarder(
    { ...fixture, args: [...fixture.args, '--name', 'bare'] },
    ['--perf-basic-prof'],
  );
  return { target: { url: forwarder.url, prefix: '' }, pid: forwarder.pid, stop: forwarder.stop };
}

/** Samples per kind of work while `CALLS` small calls run against the subject. */
async function record(name: string, subject: Subject): Promise<Map<string, number>> {
  const data = join(SCRATCH, `${name}.perf.data`);
  const client = await connectAgent(subject.target);
  try {
    const small = smallCall(subject.target.prefix);
    // Warm: every function the loop takes is compiled before perf starts.
    await closedLoop(client, small, CONCURRENCY, 4_000, 0);
    const perf = spawn('perf', ['record', '-q', '-o', data, '-p', String(subject.pid)], {
      stdio: 'ignore',
    });
    await once(perf, 'spawn');
    await closedLoop(client, small, CONCURRENCY, CALLS, 0);
    perf.kill('SIGINT');
    await once(perf, 'exit');
  } finally {
    await client.close();
    await subject.stop();
  }
  const report = execFileSync(
    'perf',
    ['report', '-i', data, '--no-children', '--sort', 'sym', '--stdio', '-g', 'none', '-n'],
    { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const kinds = new Map<string, number>();
  for (const line of report.split('\n')) {
    const match = /^\s+[\d.]+%\s+(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const symbol = match[2]!.trim();
    const kind = KINDS.find(([, pattern]) => pattern.test(symbol))?.[0] ?? OTHER;
    kinds.set(kind, (kinds.get(kind) ?? 0) + Number(match[1]));
  }
  return kinds;
}

try {
  execFileSync('perf', ['--version'], { stdio: 'ignore' });
} catch {
  process.stderr.write(
    'on-cpu: needs Linux perf on the PATH (Debian: apt-get install linux-perf)\n',
  );
  process.exit(2);
}
const fixture = await prepareFixture();
const lean = await record('gateway', await gateway(fixture));
const floor = await record('bare', await bare(fixture));
const perCall = (samples: number | undefined) => ((samples ?? 0) * MS_PER_SAMPLE) / CALLS;
const total = (kinds: Map<string, number>) => [...kinds.values()].reduce((a, b) => a + b, 0);
const rows = [...new Set([...KINDS.map(([kind]) => kind), OTHER])]
  .map((kind) => [kind, perCall(lean.get(kind)), perCall(floor.get(kind))] as const)
  .sort((a, b) => b[1] - b[2] - (a[1] - a[2]));
const fmt = (ms: number) => ms.toFixed(3);
const lines = [
  `| kind of work | gateway, ms per call | bare forwarder | difference |`,
  `|---|---:|---:|---:|`,
  ...rows.map(([kind, a, b]) => `| ${kind} | ${fmt(a)} | ${fmt(b)} | ${fmt(a - b)} |`),
  `| **all** | ${fmt(perCall(total(lean)))} | ${fmt(perCall(total(floor)))} | ${fmt(perCall(total(lean) - total(floor)))} |`,
];
process.stdout.write(
  `${lines.join('\n')}\n\n${CALLS} small calls at c=${CONCURRENCY} each, stdio fixture, perf at 4,000 Hz (the wait before the loop included).\n`,
);
process.exit(0);
