import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';

// The Grafana dashboard shipped in resources/ reads only metric names a real gateway exports,
// and shows every family it exports: scraped from a running gateway's /metrics.

interface Panel {
  title: string;
  targets?: { expr: string }[];
}
const dashboard = JSON.parse(
  readFileSync(join(import.meta.dirname, '../resources/grafana/switchboard.json'), 'utf8'),
) as { panels: Panel[]; templating: { list: { definition?: string }[] } };

/** PromQL words that are not metric names. */
const PROMQL = new Set([
  'sum',
  'by',
  'rate',
  'increase',
  'histogram_quantile',
  'clamp_min',
  'max',
  'label_values',
  'le',
  'server',
  'state',
  'outcome',
  'process',
]);

/** The metric names an expression reads: identifiers outside label matchers and strings. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/"[^"]*"/g, '');
  return (bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []).filter(
    (word) => !PROMQL.has(word) && word.startsWith('switchboard_'),
  );
}

const queried = new Set([
  ...dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr))),
  ...dashboard.templating.list.flatMap((v) => (v.definition ? metricNames(v.definition) : [])),
]);

let t: TestSwitchboard;
let exported: { families: Set<string>; samples: Set<string> };

/** Every family (`# TYPE` lines) and every sample name in the gateway's /metrics. */
async function scrape(): Promise<{ families: Set<string>; samples: Set<string> }> {
  const token = new URL(t.sb.controlCenterUrl).hash.replace('#token=', '');
  const res = await fetch(`${t.sb.endpoint.origin}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  const lines = (await res.text()).split('\n');
  const families = new Set(
    lines.filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]!),
  );
  const samples = new Set(
    lines.filter((l) => l && !l.startsWith('#')).map((l) => l.split(/[{ ]/)[0]!),
  );
  return { families, samples };
}

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [
      {
        id: 'echo',
        transport: fixtureTransport(),
        // Asleep soon after start, so a call below is a cold start.
        idleStopMs: 200,
      },
    ],
  });
  const agent = await t.connect(t.adminKey);
  await vi.waitFor(() => expect(t.sb.gateway.status('echo')?.state).toBe('asleep'), {
    timeout: 30_000,
    interval: 50,
  });
  await agent.callTool({ name: 'echo__echo', arguments: { text: 'a' } });
  // Read-only and cached: the second call is a cache hit.
  await agent.callTool({ name: 'echo__echo', arguments: { text: 'a' } });
  exported = await scrape();
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

describe('resources/grafana/switchboard.json', () => {
  it('queries only names the gateway exports', () => {
    expect(queried.size).toBeGreaterThan(5);
    // A labelled counter nothing has counted yet (sessions renewed) is a family without samples.
    const known = (name: string) => exported.samples.has(name) || exported.families.has(name);
    const unknown = [...queried].filter((name) => !known(name));
    expect(unknown).toEqual([]);
  });

  it('shows every family the gateway exports, and each panel queries something', () => {
    const family = (sample: string) =>
      [...exported.families].find(
        (f) => sample === f || sample.replace(/_(bucket|sum|count)$/, '') === f,
      );
    const shown = new Set([...queried].map(family));
    const missing = [...exported.families].filter((f) => !shown.has(f));
    expect(missing).toEqual([]);
    for (const panel of dashboard.panels)
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
  });

  it('has the sleep figures: server states and cold starts', () => {
    expect(exported.samples).toContain('switchboard_server_state');
    expect(exported.samples).toContain('switchboard_cold_start_seconds_count');
    expect(queried).toContain('switchboard_server_state');
    expect(queried).toContain('switchboard_cold_start_seconds_bucket');
  });
});
