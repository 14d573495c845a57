import { parseArgs as parseArgv } from 'node:util';

/** A parsed command line: positional words and `--flag value` / `--flag` options. */
export interface ParsedArgs {
  positionals: string[];
  /** Each option's value (the last one, for a repeatable option); `true` for a flag. */
  options: Map<string, string | true>;
  /** Every value of a repeatable option (`--if A --if B`), in order. */
  repeated: Map<string, string[]>;
}

/** Flags that never take a value. */
const FLAGS = [
  'json',
  'always',
  'all',
  'help',
  'version',
  'apply',
  'rewrite',
  'follow',
  'force',
  'fix',
  'signin',
];

/** Options that take one value. */
const VALUES = [
  'client',
  'client-id',
  'data-dir',
  'expires',
  'file',
  'from',
  'id',
  'key',
  'name',
  'oauth-client-metadata-url',
  'out',
  'port',
  'role',
  'scope',
  'servers',
  'url',
  'web-root',
];

/** Options that may be given more than once. */
const REPEATABLE = ['if', 'set', 'set-env'];

const SPEC = Object.fromEntries([
  ...FLAGS.map((name) => [name, { type: 'boolean' as const }]),
  ...VALUES.map((name) => [name, { type: 'string' as const }]),
  ...REPEATABLE.map((name) => [name, { type: 'string' as const, multiple: true }]),
]);

/**
 * Parses `argv` (without node and the script) with `node:util`'s parseArgs in strict mode:
 * `--name value`, `--name=value`, flags, and `--` ending the options. An option no command
 * knows, a flag given a value, or an option missing its value is a UsageError that names it,
 * never silently kept.
 */
export function parseArgs(argv: string[]): ParsedArgs {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgv({ args: argv, options: SPEC, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(usageProblem(error));
  }
  const options = new Map<string, string | true>();
  const repeated = new Map<string, string[]>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (Array.isArray(value)) {
      const values = value.map(String);
      repeated.set(name, values);
      if (values.length > 0) options.set(name, values.at(-1)!);
    } else if (value === true) options.set(name, true);
    else if (typeof value === 'string') options.set(name, value);
  }
  return { positionals: parsed.positionals, options, repeated };
}

/** Node's parse error, said the way the rest of the CLI says usage problems. */
function usageProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^' <]+)/.exec(message)?.[1] ?? 'an option';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (/does not take an argument/.test(message)) return `${option} takes no value`;
  if (/argument missing/.test(message)) return `${option} needs a value`;
  if (/ambiguous/.test(message))
    return `${option} needs a value; write ${option}=VALUE for one that starts with "-"`;
  return message;
}

/** A string option, or undefined; `--flag` without a value is a usage error. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
}

/** The error for a command line that does not make sense; printed with the usage. */
export class UsageError extends Error {}
