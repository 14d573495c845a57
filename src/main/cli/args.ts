/** A parsed command line: positional words and `--flag value` / `--flag` options. */
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
}

/** Flags that never take a value. */
const BOOLEAN_FLAGS = new Set([
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
]);

/**
 * Parses `argv` (without node and the script): `--name value`, `--name=value`, boolean flags,
 * and `--` ending the options. Unknown flags are kept; each command checks its own.
 */
export function parseArgs(argv: string[]): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (eq !== -1) options.set(name, arg.slice(eq + 1));
    else if (
      BOOLEAN_FLAGS.has(name) ||
      argv[i + 1] === undefined ||
      argv[i + 1]!.startsWith('--')
    ) {
      options.set(name, true);
    } else options.set(name, argv[++i]!);
  }
  return { positionals, options };
}

/** A string option, or undefined; `--flag` without a value is a usage error. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
}

/** The error for a command line that does not make sense; printed with the usage. */
export class UsageError extends Error {}
