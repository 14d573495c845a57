/** The text parts of a tool call's result, joined (an empty string when it has none). */
export const text = (result: unknown): string =>
  ((result as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('');
