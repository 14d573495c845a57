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
import { scanTool, type ScanContext } from '../../src/main/gateway/catalog/scan.js';

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
  /** The poisoned sets in the order they were written; see POISON_SETS. */
  poisoned: { label: string; tuned: boolean; entries: PoisonEntry[] }[];
  real: RealTool[];
}

/**
 * Each set was written after the rules were tuned on the ones before it and measured once
 * before any change (the figure in its label). The tuned ones were then tuned on; the last
 * is kept untuned, so its figure stays the rate on phrasings no rule was written against.
 */
const POISON_SETS = [
  { label: 'tuning set', file: 'poisoned-tools.json', tuned: true },
  {
    label: 'held-out set 1 (measured once at 17/27, then tuned on)',
    file: 'held-out-poisoned-tools.json',
    tuned: true,
  },
  {
    label: 'held-out set 2 (measured once at 19/30, then tuned on)',
    file: 'held-out-2-poisoned-tools.json',
    tuned: true,
  },
  {
    label: 'held-out set 3 (never tuned on)',
    file: 'held-out-3-poisoned-tools.json',
    tuned: false,
  },
];

/** How many of a set of poisoned examples the scanner flags. */
export interface CatchFigures {
  examples: number;
  caught: number;
  caughtWithoutCatalog: number;
  missed: string[];
}

/** The figures `evaluate` reports. */
export interface ScanFigures {
  sets: (CatchFigures & { label: string; tuned: boolean })[];
  /** The sets the rules were tuned on, together. */
  tuned: CatchFigures;
  /** Every set together. */
  all: CatchFigures;
  real: number;
  packages: number;
  falsePositives: { package: string; name: string; reasons: string[] }[];
  /** Median over rounds of the CPU time to scan the whole real set, divided by its size. */
  microsecondsPerTool: number;
}

/** Reads the corpus from test/fixtures/scan-corpus. */
export function loadCorpus(): ScanCorpus {
  const read = (file: string) => JSON.parse(readFileSync(join(CORPUS, file), 'utf8')) as unknown;
  const entries = (file: string) => (read(file) as { entries: PoisonEntry[] }).entries;
  const real = (read('real-tools.json') as { tools: RealTool[] }).tools;
  const poisoned = POISON_SETS.map(({ label, file, tuned }) => ({
    label,
    tuned,
    entries: entries(file),
  }));
  return { poisoned, real };
}

/** Every real tool's scan context: its package's tools as siblings, the rest as others. */
function realContexts(corpus: ScanCorpus): Map<string, ScanContext> {
  const byPackage = new Map<string, Set<string>>();
  for (const tool of corpus.real) {
    const names = byPackage.get(tool.package) ?? new Set<string>();
    byPackage.set(tool.package, names.add(tool.name));
  }
  const aimedAt = corpus.poisoned
    .flatMap((set) => set.entries)
    .flatMap((e) => e.otherServerTools ?? []);
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

/**
 * Scans the examples as the gateway would: the tool is alone on its server, and the catalog
 * around it holds every real tool plus the tools the example aims at.
 */
function catchRate(entries: PoisonEntry[], catalog: ReadonlySet<string>): CatchFigures {
  const figures: CatchFigures = {
    examples: entries.length,
    caught: 0,
    caughtWithoutCatalog: 0,
    missed: [],
  };
  for (const entry of entries) {
    const others = new Set([...catalog, ...(entry.otherServerTools ?? [])]);
    others.delete(entry.tool.name);
    const flagged = scanTool(entry.tool, { siblings: new Set([entry.tool.name]), others });
    if (flagged.length > 0) figures.caught++;
    else figures.missed.push(`${entry.id} (${entry.technique})`);
    if (scanTool(entry.tool).length > 0) figures.caughtWithoutCatalog++;
  }
  return figures;
}

/** Scans the whole corpus and returns the figures; `timing` also measures CPU time per tool. */
export function evaluate(corpus: ScanCorpus = loadCorpus(), timing = true): ScanFigures {
  const contexts = realContexts(corpus);
  const catalog = new Set(corpus.real.map((t) => t.name));
  const scanReal = () =>
    corpus.real.map((tool) => ({ tool, reasons: scanTool(tool, contexts.get(tool.package)) }));
  const falsePositives = scanReal()
    .filter((r) => r.reasons.length > 0)
    .map((r) => ({ package: r.tool.package, name: r.tool.name, reasons: r.reasons }));
  return {
    sets: corpus.poisoned.map(({ label, tuned, entries }) => ({
      label,
      tuned,
      ...catchRate(entries, catalog),
    })),
    tuned: catchRate(
      corpus.poisoned.filter((set) => set.tuned).flatMap((set) => set.entries),
      catalog,
    ),
    all: catchRate(
      corpus.poisoned.flatMap((set) => set.entries),
      catalog,
    ),
    real: corpus.real.length,
    packages: contexts.size,
    falsePositives,
    microsecondsPerTool: timing ? timePerTool(scanReal, corpus.real.length) : Number.NaN,
  };
}

/** CPU time rather than wall time: the machine is shared, and waiting for a core is not ours. */
function timePerTool(run: () => unknown, count: number): number {
  const rounds: number[] = [];
  for (let i = 0; i < TIMING_ROUNDS; i++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    rounds.push((used.user + used.system) / count);
  }
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(rounds.length / 2)] ?? 0;
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;

function reportCatch(label: string, f: CatchFigures, list: boolean): void {
  console.log(`${label}: ${f.examples}`);
  console.log(`  caught with the catalog:    ${f.caught} (${percent(f.caught, f.examples)})`);
  const alone = f.caughtWithoutCatalog;
  console.log(`  caught without the catalog: ${alone} (${percent(alone, f.examples)})`);
  if (list) for (const id of f.missed) console.log(`  missed: ${id}`);
}

function report(figures: ScanFigures, list: boolean): void {
  for (const set of figures.sets) reportCatch(`poisoned, ${set.label}`, set, list);
  reportCatch('poisoned, the tuned sets', figures.tuned, false);
  reportCatch('poisoned, all sets', figures.all, false);
  const { real } = figures;
  console.log(`real tools: ${real} from ${figures.packages} packages`);
  const fp = figures.falsePositives.length;
  console.log(`  false positives: ${fp} (${percent(fp, real)})`);
  if (list) {
    for (const f of figures.falsePositives) {
      console.log(`  false positive: ${f.package} ${f.name}: ${f.reasons.join('; ')}`);
    }
  }
  const time = figures.microsecondsPerTool.toFixed(1);
  console.log(
    `CPU time per tool (median of ${TIMING_ROUNDS} rounds over the real set): ${time} µs`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  report(evaluate(), process.argv.includes('--list'));
}
