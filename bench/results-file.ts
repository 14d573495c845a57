import { parseArgs } from 'node:util';

/**
 * bench/results.md is written by several scripts (bench/run.ts, bench/per-call.ts, the routing
 * eval) and by hand (soak, Activity, idle notes). Each script owns one section between
 * `<!-- NAME:start -->` and `<!-- NAME:end -->` and replaces only that one, so a run never drops
 * what another script or a person wrote.
 */

/** The markers around a script's own section. */
export function sectionMarkers(name: string): { start: string; end: string } {
  return { start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` };
}

/**
 * `text` with section `name` replaced by `body` (markers added around it); every byte outside
 * the section stays as it was. A file without the section gets it at the top (`where: 'top'`,
 * for the main results) or the bottom. Throws when the markers are there but out of order or
 * doubled: guessing which part to replace could lose someone's text.
 */
export function replaceSection(
  text: string,
  name: string,
  body: string,
  where: 'top' | 'bottom' = 'bottom',
): string {
  const { start, end } = sectionMarkers(name);
  const section = `${start}\n${body.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 && to === -1) {
    if (text.trim() === '') return `${section}\n`;
    return where === 'top' ? `${section}\n\n${text}` : `${text.trimEnd()}\n\n${section}\n`;
  }
  const doubled = text.indexOf(start, from + 1) !== -1 || text.indexOf(end, to + 1) !== -1;
  if (from === -1 || to === -1 || to < from || doubled) {
    throw new Error(
      `bench/results.md: the ${start} … ${end} markers are missing, doubled or out of order; ` +
        'fix them by hand (everything between them is this script’s to replace).',
    );
  }
  return `${text.slice(0, from)}${section}${text.slice(to + end.length)}`;
}

/** The command line of bench/run.ts. */
export interface BenchArgs {
  quick: boolean;
  reps: number;
  only?: 'start' | 'pass';
  profile: boolean;
}

/**
 * Parses bench/run.ts's options with `node:util` parseArgs in strict mode: an unknown option,
 * a missing value or a bad one is an error that says what is accepted.
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean', default: false },
      reps: { type: 'string' },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
    },
  });
  const reps = values.reps === undefined ? 5 : Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1) {
    throw new Error(`--reps takes a whole number of repetitions from 1, not "${values.reps}"`);
  }
  const only = values.only;
  if (only !== undefined && only !== 'start' && only !== 'pass') {
    throw new Error(`--only takes start or pass, not "${only}"`);
  }
  return { quick: values.quick, reps, profile: values.profile, ...(only ? { only } : {}) };
}
