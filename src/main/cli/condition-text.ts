import { RuleConditionSchema, type RuleCondition } from '../../shared/model.js';
import { riskyRegex } from '../gateway/index.js';
import { UsageError } from './args.js';

/** The forms `--if` takes, for usage messages. */
export const CONDITION_FORMS =
  "'ARG inside PATH' | 'ARG outside PATH' | 'ARG host in H1,H2' | 'ARG host not in H1,H2' | " +
  "'ARG sql is select' | 'ARG sql not ddl' | 'ARG pgsql is select' | 'ARG matches REGEX' | " +
  "'ARG between MIN MAX' | 'ARG present' | 'ARG absent'";

/**
 * A condition from its `--if` text (the words `describeCondition` prints). Throws a
 * UsageError naming the accepted forms for text that is none of them.
 */
export function parseConditionText(text: string): RuleCondition {
  const trimmed = text.trim();
  const m = /^(\S+)\s+(\S+)(?:\s+(.*))?$/s.exec(trimmed);
  if (!m) throw new UsageError(`--if "${text}": expected ${CONDITION_FORMS}`);
  const [, arg, verb, rest = ''] = m as unknown as [string, string, string, string?];
  const candidate = fromWords(arg!, verb!.toLowerCase(), rest.trim());
  const parsed = RuleConditionSchema.safeParse(candidate);
  if (!candidate || !parsed.success) {
    throw new UsageError(`--if "${text}": expected ${CONDITION_FORMS}`);
  }
  return parsed.data;
}

function fromWords(arg: string, verb: string, rest: string): unknown {
  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  if ((verb === 'inside' || verb === 'outside') && rest) {
    return { kind: 'path', arg, op: verb, folder: unquote(rest) };
  }
  if (verb === 'host') {
    const h = /^(in|not\s+in)\s+(.+)$/i.exec(rest);
    if (!h) return undefined;
    return {
      kind: 'host',
      arg,
      op: h[1]!.toLowerCase() === 'in' ? 'in' : 'not-in',
      hosts: list(h[2]!),
    };
  }
  if (verb === 'sql' || verb === 'pgsql') {
    const s = /^(is|not)\s+(.+)$/i.exec(rest);
    if (!s) return undefined;
    const dialect = verb === 'pgsql' ? { dialect: 'postgresql' } : {};
    return {
      kind: 'sql',
      arg,
      op: s[1]!.toLowerCase(),
      kinds: list(s[2]!.toLowerCase()),
      ...dialect,
    };
  }
  if (verb === 'matches' && rest) {
    const regex = unquote(rest);
    if (riskyRegex(regex)) {
      throw new UsageError(
        `--if: "${regex}" could backtrack without end on some text; simplify it`,
      );
    }
    return { kind: 'matches', arg, regex };
  }
  if (verb === 'between') {
    const [min, max, extra] = rest.split(/\s+/);
    if (!min || !max || extra !== undefined) return undefined;
    const bound = (s: string) => (s === '-' ? undefined : Number(s));
    const [lo, hi] = [bound(min), bound(max)];
    if ([lo, hi].some((b) => b !== undefined && !Number.isFinite(b))) return undefined;
    return {
      kind: 'between',
      arg,
      ...(lo !== undefined ? { min: lo } : {}),
      ...(hi !== undefined ? { max: hi } : {}),
    };
  }
  if ((verb === 'present' || verb === 'absent') && !rest) {
    return { kind: 'present', arg, present: verb === 'present' };
  }
  return undefined;
}

function unquote(s: string): string {
  return /^(["']).*\1$/s.test(s) ? s.slice(1, -1) : s;
}
