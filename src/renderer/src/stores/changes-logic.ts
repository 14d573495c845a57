import type { ChangeView } from '../../../shared/model';

/** What one line of a change's diff is, for tinting. */
export type DiffLineKind = 'header' | 'hunk' | 'add' | 'remove' | 'context';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

/**
 * Splits a diff into lines and says what each is: `+` added, `-` removed, `@@` a hunk header,
 * the leading `---` / `+++` pair the file header, anything else context. Only the first two
 * lines can be the header, so a removed line that itself starts with `--` stays a removal.
 * The text is kept as is: the views render it as text, never as HTML.
 */
export function classifyDiff(diff: string): DiffLine[] {
  if (diff === '') return [];
  const lines = diff.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((text, index) => ({ kind: kindOf(text, index, lines), text }));
}

function kindOf(text: string, index: number, lines: string[]): DiffLineKind {
  if (index === 0 && text.startsWith('--- ') && lines[1]?.startsWith('+++ ')) return 'header';
  if (index === 1 && text.startsWith('+++ ') && lines[0]?.startsWith('--- ')) return 'header';
  if (text.startsWith('@@')) return 'hunk';
  if (text.startsWith('+')) return 'add';
  if (text.startsWith('-')) return 'remove';
  return 'context';
}

/** How many lines a diff adds and removes (the file header is not counted). */
export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  return {
    added: lines.filter((l) => l.kind === 'add').length,
    removed: lines.filter((l) => l.kind === 'remove').length,
  };
}

/** Why a tool waits, as a person reads it. */
export const REASON_LABEL: Record<ChangeView['reason'], string> = {
  changed: 'Changed',
  new: 'New',
  flagged: 'Flagged',
};

/** One change per id (the last wins), ordered by server then tool, for a stable list. */
export function sortChanges(changes: ChangeView[]): ChangeView[] {
  const byId = new Map(changes.map((c) => [c.id, c]));
  return [...byId.values()].sort(
    (a, b) => a.server.localeCompare(b.server) || a.tool.localeCompare(b.tool),
  );
}
