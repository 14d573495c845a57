// The per-dialect builds are CommonJS (about 0.2–0.3 MB each, not the 89 MB of all dialects):
// imported whole, since Node's ESM loader cannot see their named exports.
import postgresBuild from 'node-sql-parser/build/postgresql.js';
import sqliteBuild, { type Parser as SqlParser } from 'node-sql-parser/build/sqlite.js';

const { Parser: SqliteParser } = sqliteBuild as unknown as { Parser: new () => SqlParser };
const { Parser: PostgresParser } = postgresBuild as unknown as { Parser: new () => SqlParser };

/** The statement kinds of a SQL text, or why they cannot be told. */
export type SqlJudgement = { kinds: string[] } | { problem: string };

/** Longest SQL text parsed; longer text cannot be judged. */
const MAX_SQL = 100_000;

const GROUPS: Record<string, readonly string[]> = {
  write: ['insert', 'update', 'delete', 'replace'],
  ddl: ['create', 'alter', 'drop', 'truncate', 'rename'],
};

/** The kinds a condition names, with `write` and `ddl` spelled out. */
export function expandKinds(kinds: readonly string[]): Set<string> {
  return new Set(kinds.flatMap((k) => GROUPS[k] ?? [k]));
}

let parsers: { sqlite: SqlParser; postgresql: SqlParser } | undefined;

/**
 * The kind of every statement in a SQL text, by a real SQL parser of the dialect. Text the
 * parser rejects cannot be judged, and so can text where our own count of statements (quotes
 * and `--` / `/* *\/` comments skipped) differs from the parser's, or that holds a `#` or a
 * nested comment outside quotes: there the parser and the database could read different
 * statements. A `SELECT … INTO` (which creates a table in PostgreSQL) counts as `create`.
 */
export function judgeSql(text: string, dialect: 'sqlite' | 'postgresql'): SqlJudgement {
  if (text.length > MAX_SQL) return { problem: `longer than ${MAX_SQL} characters` };
  const counted = countStatements(text);
  if (typeof counted === 'string') return { problem: counted };
  parsers ??= { sqlite: new SqliteParser(), postgresql: new PostgresParser() };
  let ast: unknown;
  try {
    ast = parsers[dialect].astify(text, {
      database: dialect === 'sqlite' ? 'sqlite' : 'PostgresQL',
    });
  } catch {
    return { problem: `the ${dialect} parser cannot read it` };
  }
  const statements = (Array.isArray(ast) ? ast : [ast]) as { type?: unknown; into?: unknown }[];
  if (statements.length !== counted || counted === 0) {
    return { problem: 'the statements cannot be told apart for certain' };
  }
  return { kinds: statements.map(kindOf) };
}

function kindOf(statement: { type?: unknown; into?: unknown }): string {
  const type = typeof statement.type === 'string' ? statement.type.toLowerCase() : 'unknown';
  const into = statement.into as { expr?: unknown; type?: unknown } | undefined;
  if (type === 'select' && into && (into.expr || into.type)) return 'create';
  return type;
}

/**
 * Non-empty statements separated by top-level `;`, skipping quoted text and comments; a
 * string naming the problem for text whose structure is ambiguous between dialects.
 */
export function countStatements(text: string): number | string {
  let count = 0;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "'" || c === '"' || c === '`') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return 'an unclosed quote';
      // A doubled quote inside a literal is an escaped quote: the scan continues after it.
      i = end;
      content = true;
    } else if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return 'an unclosed comment';
      if (text.slice(i + 2, end).includes('/*')) return 'a nested comment';
      i = end + 1;
    } else if (c === '#') {
      return 'a "#" outside quotes';
    } else if (c === ';') {
      if (content) count++;
      content = false;
    } else if (!/\s/.test(c)) content = true;
  }
  return content ? count + 1 : count;
}
