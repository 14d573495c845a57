/**
 * The description scanner's evaluation: runs `scanTool` over the poisoned examples and the
 * real tools of test/fixtures/scan-corpus and reports the catch rate, the false-positive rate
 * and the time per tool.
 *
 *   npm run bench:scan             print the figures
 *   npm run bench:scan -- --list   also list every missed example and every false positive
 *
 * Each tool is scanned the way the gateway scans it: its siblings are the other tools of its
 * own server, and the catalog's other servers' tools are the names it must not give orders
 * about. The catch rate is also given without that catalog (`scanTool(tool)` alone).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Tool } from '@modelcontextprotocol/server';
import { scanTool, type ScanContext } from '../../src/main/gateway/scan.js';

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/scan-corpus');
const TIMING_ROUNDS = 20;

/** One poisoned example: the tool, the publication it follows, and the tools it aims at. */
export interface PoisonEntry {
  id: string;
  source: string;
  technique: string;
  tool: Tool;
  otherServerTools?: string[];
}

/** One real tool, with the package and version it was listed from. */
export type RealTool = Tool & { package: string; version: string };

/** The corpus as the evaluation reads it. */
export interface ScanCorpus {
  poisoned: PoisonEntry[];
  real: RealTool[];
}

/** The figures `evaluate` reports. */
export interface ScanFigures {
  poisoned: number;
  caught: number;
  caughtWithoutCatalog: number;
  real: number;
  packages: number;
  falsePositives: { package: string; name: string; reasons: string[] }[];
  missed: string[];
  /** Median over rounds of the time to scan the whole real set, divided by its size. */
  microsecondsPerTool: number;
}

/** Reads both halves of the corpus from test/fixtures/scan-corpus. */
export function loadCorpus(): ScanCorpus {
  const read = (file: string) => JSON.parse(readFileSync(join(CORPUS, file), 'utf8')) as unknown;
  const poisoned = (read('poisoned-tools.json') as { entries: PoisonEntry[] }).entries;
  const real = (read('real-tools.json') as { tools: RealTool[] }).tools;
  return { poisoned, real };
}

/** Every real tool's scan context: its package's tools as siblings, the rest as others. */
function realContexts(corpus: ScanCorpus): Map<string, ScanContext> {
  const byPackage = new Map<string, Set<string>>();
  for (const tool of corpus.real) {
    const names = byPackage.get(tool.package) ?? new Set<string>();
    byPackage.set(tool.package, names.add(tool.name));
  }
  const aimedAt = corpus.poisoned.flatMap((e) => e.otherServerTools ?? []);
  const contexts = new Map<string, ScanContext>();
  for (const [pkg, siblings] of byPackage) {
    const others = new Set(aimedAt);
    for (const [otherPkg, names] of byPackage) {
      if (otherPkg !== pkg) for (const name of names) others.add(name);
    }
    contexts.set(pkg, { siblings, others });
  }
  return contexts;
}

/** Scans the whole corpus and returns the figures. */
export function evaluate(corpus: ScanCorpus = loadCorpus()): ScanFigures {
  const contexts = realContexts(corpus);
  const catalog = new Set(corpus.real.map((t) => t.name));
  let caught = 0;
  let caughtWithoutCatalog = 0;
  const missed: string[] = [];
  for (const entry of corpus.poisoned) {
    const others = new Set([...catalog, ...(entry.otherServerTools ?? [])]);
    others.delete(entry.tool.name);
    const flagged = scanTool(entry.tool, { siblings: new Set([entry.tool.name]), others });
    if (flagged.length > 0) caught++;
    else missed.push(`${entry.id} (${entry.technique})`);
    if (scanTool(entry.tool).length > 0) caughtWithoutCatalog++;
  }
  const scanReal = () =>
    corpus.real.map((tool) => ({ tool, reasons: scanTool(tool, contexts.get(tool.package)) }));
  const falsePositives = scanReal()
    .filter((r) => r.reasons.length > 0)
    .map((r) => ({ package: r.tool.package, name: r.tool.name, reasons: r.reasons }));
  return {
    poisoned: corpus.poisoned.length,
    caught,
    caughtWithoutCatalog,
    real: corpus.real.length,
    packages: contexts.size,
    falsePositives,
    missed,
    microsecondsPerTool: timePerTool(scanReal, corpus.real.length),
  };
}

function timePerTool(run: () => unknown, count: number): number {
  const rounds: number[] = [];
  for (let i = 0; i < TIMING_ROUNDS; i++) {
    const start = process.hrtime.bigint();
    run();
    rounds.push(Number(process.hrtime.bigint() - start) / 1_000 / count);
  }
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(rounds.length / 2)] ?? 0;
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;

function report(figures: ScanFigures, list: boolean): void {
  const { poisoned, caught, real } = figures;
  console.log(`poisoned examples: ${poisoned}`);
  console.log(`  caught with the catalog:    ${caught} (${percent(caught, poisoned)})`);
  const alone = figures.caughtWithoutCatalog;
  console.log(`  caught without the catalog: ${alone} (${percent(alone, poisoned)})`);
  console.log(`real tools: ${real} from ${figures.packages} packages`);
  const fp = figures.falsePositives.length;
  console.log(`  false positives: ${fp} (${percent(fp, real)})`);
  console.log(
    `time per tool (median of ${TIMING_ROUNDS} rounds over the real set): ` +
      `${figures.microsecondsPerTool.toFixed(1)} µs`,
  );
  if (!list) return;
  for (const id of figures.missed) console.log(`missed: ${id}`);
  for (const f of figures.falsePositives) {
    console.log(`false positive: ${f.package} ${f.name}: ${f.reasons.join('; ')}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  report(evaluate(), process.argv.includes('--list'));
}
