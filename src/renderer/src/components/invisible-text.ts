/**
 * Characters a person cannot see but that change what text means or how it reads: C0/C1
 * controls (not tab or newline), bidirectional overrides, embeddings and isolates (which
 * reorder what is shown: `gnp.exe` reversed reads as `exe.png`), zero-width characters, word
 * joiners, the BOM, invisible fillers and operators, interlinear annotation, and Unicode tags
 * and the supplementary variation selectors (both able to smuggle whole hidden strings).
 * The plain variation selectors (U+FE00–FE0F) are left alone: emoji need them.
 */
const INVISIBLE_SOURCE =
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u00AD\\u034F\\u061C' +
  '\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u206F' +
  '\\u3164\\uFEFF\\uFFA0\\uFFF9-\\uFFFB\\u{1D173}-\\u{1D17A}\\u{E0000}-\\u{E007F}' +
  '\\u{E0100}-\\u{E01EF}]';

/**
 * A fresh global matcher (a shared /g regex would carry `lastIndex` between calls). The class
 * holds U+200D (the zero-width joiner) on purpose: each one is to be caught alone.
 */
// eslint-disable-next-line no-misleading-character-class
const matcher = () => new RegExp(INVISIBLE_SOURCE, 'gu');

/** The visible escape of one character: `\u202E`, or `\u{E0041}` beyond the BMP. */
export function escapeChar(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = code.toString(16).toUpperCase();
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

/** How many invisible characters the text holds. */
export function countInvisible(text: string): number {
  return text.match(matcher())?.length ?? 0;
}

/** The text with every invisible character replaced by its visible escape. */
export function revealInvisible(text: string): string {
  return text.replace(matcher(), escapeChar);
}

/** A piece of text: as is, or one invisible character to show as an escape. */
export type TextPart =
  { text: string; hidden: false } | { text: string; hidden: true; char: string };

/** Splits text into plain runs and escaped invisible characters, in order. */
export function splitInvisible(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(matcher())) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), hidden: false });
    parts.push({ text: escapeChar(match[0]), hidden: true, char: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hidden: false });
  return parts;
}
