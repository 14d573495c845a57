import { createRequire } from 'node:module';
import type synonymsPackage from 'synonyms';

/**
 * General English word relations for query expansion: the `synonyms` package (WordNet-derived,
 * 12k headwords, MIT, data inside the package, nothing fetched). Not tuned to any tool or task:
 * a word relates to the synonyms listed for it and to the headwords that list it.
 */

const MAX_RELATED = 6;
let related: Map<string, string[]> | undefined;

/** The words general English relates to `word` (lowercase, single words), at most 12. */
export function relatedWords(word: string): readonly string[] {
  related ??= build();
  return related.get(word) ?? [];
}

function build(): Map<string, string[]> {
  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    let set = links.get(a);
    if (!set) links.set(a, (set = new Set()));
    if (set.size < MAX_RELATED) set.add(b);
  };
  for (const [head, entry] of Object.entries(loadDictionary())) {
    if (!isWord(head)) continue;
    for (const list of Object.values(entry)) {
      // Each list starts with the headword itself; one-letter items are part-of-speech tags.
      for (const other of list ?? []) {
        if (other === head || !isWord(other)) continue;
        link(head, other);
        link(other, head);
      }
    }
  }
  return new Map([...links].map(([word, set]) => [word, [...set]]));
}

const isWord = (text: string) => /^[a-z]{3,}$/.test(text);

/**
 * Required on the first query expansion, not at import: reading the package's 0.7 MB dictionary
 * takes about 180 ms, which neither `serve`'s start nor any CLI command should pay.
 */
function loadDictionary(): (typeof synonymsPackage)['dictionary'] {
  const load = createRequire(import.meta.url);
  return (load('synonyms') as typeof synonymsPackage).dictionary;
}
