import { canonicalJson } from '../pipeline/canonical.js';
import type { PinnedFields } from './pinning.js';
import { HIDDEN_CHARACTERS } from './scan.js';

/** The diff a person reviews for a changed tool (pinning.ts decides what waits for review). */

/**
 * A readable unified-style diff of two versions of a tool's pinned fields. Descriptions are
 * shown line by line and schemas as indented JSON with sorted keys; characters a person cannot
 * see are shown escaped (`\u{200B}`), so a hidden change is visible.
 */
export function diffFields(
  serverId: string,
  before: PinnedFields | undefined,
  after: PinnedFields,
): string {
  const a = before ? renderFields(before) : [];
  const b = renderFields(after);
  const header = [
    `--- ${serverId}/${before?.name ?? after.name} (${before ? 'pinned' : 'not pinned'})`,
    `+++ ${serverId}/${after.name} (offered now)`,
  ];
  return [...header, ...unifiedHunks(a, b, 3)].join('\n');
}

function visible(text: string): string {
  return text.replace(
    HIDDEN_CHARACTERS,
    (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`,
  );
}

function renderFields(fields: PinnedFields): string[] {
  const lines = [`name: ${visible(fields.name)}`];
  if (fields.title !== undefined) lines.push(`title: ${visible(fields.title)}`);
  if (fields.description !== undefined) {
    lines.push('description:', ...fields.description.split(/\r?\n/).map((l) => `  ${visible(l)}`));
  }
  const json = (label: string, value: unknown) => {
    if (value === undefined) return;
    const pretty = JSON.stringify(JSON.parse(canonicalJson(value)), null, 2);
    lines.push(`${label}:`, ...pretty.split('\n').map((l) => `  ${visible(l)}`));
  };
  json('inputSchema', fields.inputSchema);
  json('outputSchema', fields.outputSchema);
  json('annotations', fields.annotations);
  return lines;
}

/** Longest inputs diffed line by line; past this the whole text is shown as replaced. */
const MAX_DIFF_LINES = 4_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

function diffLines(a: string[], b: string[]): Op[] {
  if (a.length * b.length > (MAX_DIFF_LINES * MAX_DIFF_LINES) / 4) {
    return [
      ...a.map((line) => ({ kind: '-' as const, line })),
      ...b.map((line) => ({ kind: '+' as const, line })),
    ];
  }
  // Longest common subsequence table, filled from the end.
  const lcs: Uint32Array[] = Array.from(
    { length: a.length + 1 },
    () => new Uint32Array(b.length + 1),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] =
        a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) ops.push({ kind: '-', line: a[i++]! });
    else ops.push({ kind: '+', line: b[j++]! });
  }
  while (i < a.length) ops.push({ kind: '-', line: a[i++]! });
  while (j < b.length) ops.push({ kind: '+', line: b[j++]! });
  return ops;
}

function unifiedHunks(a: string[], b: string[], context: number): string[] {
  const ops = diffLines(a, b);
  const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((i) => i >= 0);
  if (changed.length === 0) return [];
  const out: string[] = [];
  let start = 0;
  while (start < changed.length) {
    let end = start;
    while (end + 1 < changed.length && changed[end + 1]! - changed[end]! <= 2 * context) end++;
    const from = Math.max(0, changed[start]! - context);
    const to = Math.min(ops.length, changed[end]! + context + 1);
    let oldLine = 1;
    let newLine = 1;
    for (let k = 0; k < from; k++) {
      if (ops[k]!.kind !== '+') oldLine++;
      if (ops[k]!.kind !== '-') newLine++;
    }
    const slice = ops.slice(from, to);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    out.push(
      `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@`,
    );
    out.push(...slice.map((op) => `${op.kind}${op.line}`));
    start = end + 1;
  }
  return out;
}
