// Types for the `synonyms` package (MIT; WordNet-derived English synonyms, no types of its own).
declare module 'synonyms' {
  type Entry = Partial<Record<'n' | 'v' | 'r' | 's', string[]>>;
  const synonyms: { dictionary: Record<string, Entry> };
  export default synonyms;
}
