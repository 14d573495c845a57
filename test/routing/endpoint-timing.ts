/**
 * A `switchboard__find_tools` round trip through the real endpoint: an in-process Switchboard
 * with the fixture server listing 1,000 extra tools, an SDK client over Streamable HTTP on
 * loopback, a fixed list of tasks asked again and again. Prints p50 and p95 in ms, with the
 * shipped word vectors and without (lexical only), one after the other.
 *
 *   node --import tsx test/routing/endpoint-timing.ts
 */
import { fixtureStdio, stopAllFixtures } from '../helpers/spawn-fixture.js';
import { startSwitchboard } from '../helpers/start-switchboard.js';

const TASKS = [
  'show me which files are in the docs folder',
  'what do we already know about the payment service',
  'open the README and show its contents',
  'delete all the notes',
  'echo some text back',
];
const ROUNDS = 60;

/** Round-trip p50/p95 (ms) and the catalog size the endpoint searched. */
export async function measureEndpoint(
  options: { vectors?: boolean } = {},
): Promise<{ tools: number; p50: number; p95: number }> {
  const t = await startSwitchboard({
    ...(options.vectors === false && { wordVectorsFile: false as const }),
    servers: [
      {
        id: 'fixture',
        transport: { type: 'stdio', ...fixtureStdio(['--tools', '1000']), env: {} },
      },
    ],
  });
  try {
    const agent = await t.connect(t.adminKey);
    const call = (query: string) =>
      agent.callTool({ name: 'switchboard__find_tools', arguments: { query } });
    for (const task of TASKS) await call(task);
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const task of TASKS) {
        const started = performance.now();
        await call(task);
        samples.push(performance.now() - started);
      }
    }
    samples.sort((a, b) => a - b);
    const at = (p: number) =>
      samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
    return { tools: t.sb.gateway.catalog.tools().length, p50: at(0.5), p95: at(0.95) };
  } finally {
    await t.stop();
    await stopAllFixtures();
  }
}

if (process.argv[1]?.endsWith('endpoint-timing.ts')) {
  for (const vectors of [true, false, true, false]) {
    console.log(vectors ? 'word vectors' : 'lexical only', await measureEndpoint({ vectors }));
  }
}
