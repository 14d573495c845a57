/**
 * Text normalisation for the description scanner: what a person or a model reads as "ignore"
 * must reach the rules as "ignore", whether it was written with full-width letters, Cyrillic
 * look-alikes, accents, zero-width characters between the letters or ANSI colour codes.
 */

/** Zero-width, joiner, word-joiner, soft-hyphen, BOM, Mongolian vowel separator, Unicode tags. */
export const INVISIBLE = /[\u00AD\u180E\u200B-\u200D\u2060-\u2064\uFEFF\u{E0000}-\u{E007F}]/u;
/** Bidirectional overrides, embeddings, isolates and marks (Trojan Source). */
export const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** C0/C1 control characters other than tab, newline and carriage return. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Characters a person cannot see in a description; shown escaped in diffs. */
export const HIDDEN_CHARACTERS = new RegExp(
  `${INVISIBLE.source}|${BIDI.source}|${CONTROL.source}`,
  'gu',
);

/** ANSI escape sequences (colour, cursor moves): removed whole, not just their ESC byte. */
// eslint-disable-next-line no-control-regex -- ESC is what starts them
const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_])/g;

/**
 * Letters of other scripts that look like Latin ones, by the Latin letter they pass for. Drawn
 * from the look-alike pairs Unicode's confusables data lists for Cyrillic, Greek, Armenian,
 * Cherokee and Latin small capitals; full-width and mathematical letters need no entry, NFKC
 * folds them already.
 */
const LOOK_ALIKES: Record<string, string> = {
  a: 'аαɑа',
  b: 'Ьƅ',
  c: 'сϲᴄ',
  d: 'ԁᴅ',
  e: 'еєҽε',
  g: 'ɡɢ',
  h: 'һհʜ',
  i: 'іιıɪӏ',
  j: 'јϳȷᴊ',
  k: 'κᴋ',
  l: 'ʟ',
  m: 'ᴍ',
  n: 'ոηɴ',
  o: 'оοօσᴏ',
  p: 'рρᴘ',
  q: 'ԛզ',
  r: 'гʀ',
  s: 'ѕꜱ',
  t: 'ᴛ',
  u: 'υսᴜ',
  v: 'νѵᴠ',
  w: 'ԝωᴡ',
  x: 'хχ',
  y: 'уγʏү',
  z: 'ᴢ',
  A: 'АΑᎪ',
  B: 'ВΒᏴ',
  C: 'СϹᏟ',
  D: 'Ꭰ',
  E: 'ЕΕᎬ',
  H: 'НΗᎻ',
  I: 'ІΙӀİ',
  J: 'ЈᎫ',
  K: 'КΚᏦ',
  L: 'Ꮮ',
  M: 'МΜᎷ',
  N: 'Ν',
  O: 'ОΟՕ',
  P: 'РΡᏢ',
  Q: 'Ԛ',
  S: 'ЅᏚ',
  T: 'ТΤᎢ',
  V: 'Ꮩ',
  W: 'ԜᏔ',
  X: 'ХΧ',
  Y: 'ҮΥ',
  Z: 'ΖᏃ',
};

const FOLD = new Map<string, string>(
  Object.entries(LOOK_ALIKES).flatMap(([latin, others]) =>
    [...others].map((other) => [other, latin] as const),
  ),
);
const FOLDABLE = new RegExp(`[${[...FOLD.keys()].join('')}]`, 'gu');
const HAS_FOLDABLE = new RegExp(FOLDABLE.source, 'u');
/** A run of letters that mixes ASCII letters with look-alikes: "іgnore", "Ехес". */
const WORD = /\p{L}+/gu;

/** What `normalize` found on the way: each one is a signal on its own. */
export interface Normalized {
  /** The text as the rules read it. */
  text: string;
  invisible: boolean;
  bidi: boolean;
  control: boolean;
  /** A word mixes Latin letters with look-alikes from another script. */
  mixedScript: boolean;
}

/**
 * Folds `raw` for matching: NFKD with the accents dropped (so full-width, mathematical and
 * accented letters become ASCII), ANSI sequences and hidden characters removed, look-alike
 * letters mapped to Latin, emphasis asterisks dropped.
 */
export function normalize(raw: string): Normalized {
  const invisible = INVISIBLE.test(raw);
  const bidi = BIDI.test(raw);
  const control = CONTROL.test(raw);
  let text = raw;
  // Plain ASCII (most descriptions) skips the Unicode work: nothing there to fold.
  // eslint-disable-next-line no-control-regex -- the test is "anything outside printable ASCII"
  if (/[^\u0009\u000A\u000D\u0020-\u007E]/.test(text)) {
    text = text
      .replace(ANSI, '')
      .replace(HIDDEN_CHARACTERS, '')
      .normalize('NFKD')
      .replace(/\p{Mn}+/gu, '')
      // Typographic quotes: "the user’s" must read as "the user's".
      .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
      .replace(/[\u201C\u201D\u201F\u2033]/g, '"');
  }
  let mixedScript = false;
  if (HAS_FOLDABLE.test(text)) {
    mixedScript = hasMixedWord(text);
    text = text.replace(FOLDABLE, (c) => FOLD.get(c) ?? c);
  }
  // "**ignore** previous" and "ig**nore**" read as plain words to a model.
  text = text.replace(/\*+/g, '');
  return { text, invisible, bidi, control, mixedScript };
}

function hasMixedWord(text: string): boolean {
  for (const [word] of text.matchAll(WORD)) {
    if (!/[A-Za-z]/.test(word)) continue;
    for (const c of word) if (FOLD.has(c)) return true;
  }
  return false;
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
};
/** A word that mixes letters with digits or @ and $: "1gn0r3", "pr3v10u5". */
const LEET_WORD = /[\w@$]*(?:[a-z][\d@$]|[\d@$][a-z])[\w@$]*/gi;

/** The text with leetspeak words spelled in letters, or undefined when it has none. */
export function unleet(text: string): string | undefined {
  if (!/[a-z][\d@$]|[\d@$][a-z]/i.test(text)) return undefined;
  return text.replace(LEET_WORD, (word) => word.replace(/[0134578@$]/g, (c) => LEET[c] ?? c));
}

/** Three or more single letters in a row, one space apart: "i g n o r e", "a l l". */
const SPACED = /(?<!\S)(?:\S ){2,}\S(?!\S)/g;

/** The text with spaced-apart letters joined into words, or undefined when it has none. */
export function unspace(text: string): string | undefined {
  if (!SPACED.test(text)) return undefined;
  SPACED.lastIndex = 0;
  return text.replace(SPACED, (run) => run.replace(/ /g, ''));
}
