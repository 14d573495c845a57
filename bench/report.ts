import { cpus, totalmem } from 'node:os';
import { median } from './workloads.js';

/** The three ways an agent reaches the fixture. */
export const PATHS = ['direct', 'sbHttp', 'sbStdio'] as const;
export type PathId = (typeof PATHS)[number];

/** Column headings for the paths. */
const PATH_HEADINGS: Record<PathId, string> = {
  direct: 'direct (fixture over HTTP)',
  sbHttp: 'Switchboard → same HTTP fixture',
  sbStdio: 'Switchboard → stdio fixture',
};

/** One measured quantity; each repetition fills some of its path cells. */
export interface Row {
  id: string;
  label: string;
  unit: string;
  /** Whether more is better (throughput) or less (latency, memory). */
  higherIsBetter?: boolean;
  runs: Partial<Record<PathId, number[]>>;
}

/** All rows of a run, in table order, created on first use. */
export class Results {
  readonly rows = new Map<string, Row>();

  row(id: string, label: string, unit: string, higherIsBetter = false): Row {
    let row = this.rows.get(id);
    if (!row) {
      row = { id, label, unit, higherIsBetter, runs: {} };
      this.rows.set(id, row);
    }
    return row;
  }

  /** Records one repetition's figure for a path. */
  add(id: string, path: PathId, value: number): void {
    const row = this.rows.get(id);
    if (!row) throw new Error(`bench: unknown row ${id}`);
    (row.runs[path] ??= []).push(value);
  }

  /** Median over the repetitions of one cell (NaN when never measured). */
  value(id: string, path: PathId): number {
    return median(this.rows.get(id)?.runs[path] ?? []);
  }
}

/** A target of the benchmark, judged on the medians. */
export interface Target {
  label: string;
  /** The figure, formatted, and whether it meets the target (undefined = not measured). */
  judge(results: Results): { figure: string; pass: boolean | undefined };
}

function fmt(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—';
  if (unit === 'calls/s') return Math.round(value).toLocaleString('en-US');
  if (unit === 'MB') return value.toFixed(1);
  if (unit === 'ms' && value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(value >= 10 ? 1 : 2);
}

function ratio(through: number, direct: number): string {
  if (!Number.isFinite(through) || !Number.isFinite(direct) || direct === 0) return '—';
  return `${(through / direct).toFixed(2)}×`;
}

/** The figures table (medians) with through-Switchboard ÷ direct ratios, as markdown. */
export function figuresTable(results: Results): string {
  const head = [
    'measure',
    'unit',
    ...PATHS.map((p) => PATH_HEADINGS[p]),
    'ratio SB→HTTP ÷ direct',
    'ratio SB→stdio ÷ direct',
  ];
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`,
  ];
  for (const row of results.rows.values()) {
    const cells = PATHS.map((p) => fmt(results.value(row.id, p), row.unit));
    const direct = results.value(row.id, 'direct');
    lines.push(
      `| ${row.label} | ${row.unit} | ${cells.join(' | ')} | ${ratio(results.value(row.id, 'sbHttp'), direct)} | ${ratio(results.value(row.id, 'sbStdio'), direct)} |`,
    );
  }
  return lines.join('\n');
}

/** The targets table with PASS/MISS, as markdown. */
export function targetsTable(results: Results, targets: Target[]): string {
  const lines = ['| target | median figure | verdict |', '|---|---:|---|'];
  for (const target of targets) {
    const { figure, pass } = target.judge(results);
    const verdict = pass === undefined ? 'not measured' : pass ? 'PASS' : 'MISS';
    lines.push(`| ${target.label} | ${figure} | ${verdict} |`);
  }
  return lines.join('\n');
}

/** Every repetition's figures, for judging the spread. */
export function runsTable(results: Results): string {
  const lines = ['| measure | path | runs |', '|---|---|---|'];
  for (const row of results.rows.values()) {
    for (const path of PATHS) {
      const runs = row.runs[path];
      if (!runs?.length) continue;
      lines.push(`| ${row.label} | ${path} | ${runs.map((v) => fmt(v, row.unit)).join(' · ')} |`);
    }
  }
  return lines.join('\n');
}

/** Date, Node, CPU, cores and memory of this machine. */
export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const gib = (totalmem() / 1024 ** 3).toFixed(1);
  return `${new Date().toISOString()} · Node ${process.version} · ${cpu} · ${cpus().length} cores · ${gib} GiB RAM`;
}
