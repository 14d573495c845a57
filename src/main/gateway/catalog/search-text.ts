/**
 * The text side of tool search: words, stop words, stemming, the synonym table and query
 * expansion. Pure functions over strings; `search.ts` builds the index on top.
 */
import { stemmer } from 'stemmer';
import { relatedWords } from './search-lexicon.js';

/** A synonym's weight relative to a word the agent actually wrote. */
export const SYNONYM_WEIGHT = 0.5;
/** A general-English related word's weight (see search-lexicon): looser than the table's. */
export const LEXICON_WEIGHT = 0.3;

export const STOP_WORDS = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto as is are was ' +
    'were be been being am do does did done have has had it its this that these those there ' +
    'here i me my mine we us our you your he she they them their what which who whom whose ' +
    'when where why how all any some each every so than too very can could should would will ' +
    'shall may might must just also please need want like let lets about over under up out ' +
    'off again via per e g eg ie etc one thing things something stuff use using tool tools ' +
    'already really actually currently exactly maybe still yet now quite rather much more ' +
    'most other another such own same only both either neither whether while because until ' +
    'without just ever even well way everything anything nothing everyone anyone someone ' +
    'somewhere anywhere everywhere com across among amongst within inside through throughout ' +
    'around toward towards upon against along beside besides'
  ).split(' '),
);

/**
 * Groups of words an agent uses interchangeably for the same thing. A query word from a
 * group brings in the others at `SYNONYM_WEIGHT`. Multi-word entries match when all their
 * words occur in the query.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['filesystem', 'file system', 'file', 'disk', 'local file'],
  ['folder', 'directory', 'dir', 'mkdir'],
  ['mkdir', 'make directory', 'create directory', 'new folder', 'new directory'],
  [
    'web',
    'website',
    'webpage',
    'web page',
    'page',
    'site',
    'url',
    'link',
    'http',
    'https',
    'fetch',
  ],
  ['fetch', 'download', 'browse', 'scrape', 'retrieve', 'grab'],
  ['pdf', 'pdf document', 'pdf file', 'paper'],
  ['github', 'repo', 'repository', 'gh', 'remote'],
  ['issue', 'bug', 'ticket', 'bug report'],
  ['pull request', 'pr', 'merge request'],
  ['commit', 'push', 'changeset'],
  ['ci', 'actions', 'workflow', 'pipeline', 'build', 'job'],
  ['database', 'db', 'sql', 'sqlite', 'postgres', 'postgresql', 'query', 'select', 'table', 'rows'],
  ['table', 'rows', 'row', 'record', 'column'],
  ['word', 'docx', 'word document', 'document', 'doc'],
  ['excel', 'xlsx', 'spreadsheet', 'workbook', 'sheet', 'worksheet', 'cell', 'tab'],
  [
    'memory',
    'remember',
    'recall',
    'memorize',
    'knowledge graph',
    'knowledge',
    'know',
    'note',
    'forget',
    'keep in mind',
    'long-term',
  ],
  ['entity', 'node', 'person', 'people', 'thing'],
  ['relation', 'relationship', 'link', 'connect'],
  ['observation', 'fact', 'note'],
  ['authenticated user', 'logged in', 'signed in', 'current user', 'whoami', 'my account'],
  ['youtube', 'video'],
  ['transcript', 'caption', 'subtitle'],
  ['markdown', 'md'],
  ['text', 'plain text', 'txt'],
  ['delete', 'remove', 'drop', 'forget', 'erase'],
  ['create', 'make', 'new', 'add', 'insert'],
  ['read', 'open', 'view', 'show', 'load', 'content', 'contents', 'extract'],
  ['write', 'save', 'store', 'overwrite', 'put'],
  ['list', 'enumerate'],
  ['search', 'find', 'locate', 'look up', 'lookup'],
  ['move', 'rename'],
  ['edit', 'change', 'modify', 'patch', 'replace'],
  ['image', 'picture', 'photo', 'png', 'jpg', 'screenshot'],
  ['audio', 'sound', 'mp3'],
  ['size', 'big', 'space', 'large', 'storage'],
  ['count', 'number of'],
  ['current', 'now', 'present'],
  ['sort', 'sorted', 'rank', 'ranking', 'top', 'order by'],
  ['multiple', 'many', 'several', 'batch', 'bulk'],
  ['flaky', 'flake', 'randomly', 'intermittent', 'intermittently'],
  ['metadata', 'info', 'information', 'details', 'author'],
  ['tree', 'hierarchy', 'nested', 'structure', 'recursive'],
  ['heading', 'title', 'header', 'section'],
  ['page break', 'new page'],
  ['format', 'style', 'bold', 'italic', 'font', 'fill', 'color'],
  // Everyday words for the things calendar, mail, weather, chat and tracker servers hold.
  ['weather', 'forecast', 'rain', 'snow', 'temperature', 'hot', 'cold', 'wind', 'sunny', 'outside'],
  ['calendar', 'schedule', 'agenda', 'appointment', 'event', 'standup'],
  ['email', 'mail', 'inbox', 'mailbox', 'e-mail', 'spam', 'newsletter'],
  ['draft', 'compose', 'prepare'],
  ['reaction', 'react', 'emoji', 'thumbs up'],
  ['stop', 'shut down', 'bring down', 'take down', 'halt'],
  ['log', 'history', 'changes'],
  ['worklog', 'time spent', 'hours', 'log work', 'timesheet'],
  ['status', 'transition', 'done', 'in progress', 'to do'],
];

// ---- text analysis -----------------------------------------------------------------------

/** Words of a name or sentence: snake_case, camelCase, kebab-case and dots split; lowercase. */
export function splitWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Index terms of a text: words without stop words or bare numbers, each stemmed. */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const word of splitWords(text)) {
    if (STOP_WORDS.has(word) || /^\d+$/.test(word)) continue;
    terms.push(stem(word));
  }
  return terms;
}

/**
 * Porter's stemmer (the `stemmer` package): `directories` → `directori`, `created` → `creat`.
 * Both the index and queries use it, so only its consistency matters, not its linguistics.
 */
export function stem(word: string): string {
  if (word.length <= 2) return word;
  let stemmed = STEMS.get(word);
  if (stemmed === undefined) {
    // Queries and descriptions repeat a small vocabulary; the bound keeps odd input cheap.
    if (STEMS.size >= MAX_STEMS) STEMS.clear();
    STEMS.set(word, (stemmed = stemmer(word)));
  }
  return stemmed;
}

const STEMS = new Map<string, string>();
const MAX_STEMS = 50_000;

// ---- query expansion ---------------------------------------------------------------------

/** One query term: how much it counts and the words it came from (for the reason). */
export interface QueryTerm {
  weight: number;
  label: string;
  /** The agent's word this term stands for; a concept counts once however many terms hit. */
  concept: string;
}

interface AnalyzedPhrase {
  phrase: string;
  terms: string[];
  words: string[];
}

let analyzedGroups: AnalyzedPhrase[][] | undefined;

/**
 * The synonym groups as the index sees them, stemmed when a query first needs them: stemming
 * them all takes some 3.5 ms, which every start of the gateway paid before any agent asked.
 */
function analyzedSynonymGroups(): AnalyzedPhrase[][] {
  return (analyzedGroups ??= SYNONYM_GROUPS.map((group) =>
    group
      .map((phrase) => ({ phrase, terms: analyze(phrase), words: splitWords(phrase).map(stem) }))
      .filter((p) => p.terms.length > 0),
  ));
}

/** Whether `words` occur in `sequence` side by side, in order. */
function contains(sequence: readonly string[], words: readonly string[]): boolean {
  outer: for (let i = 0; i + words.length <= sequence.length; i++) {
    for (let j = 0; j < words.length; j++) if (sequence[i + j] !== words[j]) continue outer;
    return true;
  }
  return false;
}

// A path (`src/a.ts`, `./x`, `notes.txt`) or a URL in a task says what kind of thing it is
// about even when no word does.
const URL_LIKE =
  /\b(?:https?:\/\/|www\.)\S+|(?<![@\w.-])[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|ai|co)\b/i;
// An email address (or just its domain, "@acme.com") is about mail, not a web page or a file.
const EMAIL_LIKE = /[\w.+-]*@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b/i;
const PATH_LIKE = /(?:^|\s)(?:\.{0,2}\/|~\/)?[\w.-]+\/[\w./-]+|\b[\w-]+\.[a-z][a-z0-9]{0,4}\b/i;
// Files every project has, named without an extension.
const WELL_KNOWN_FILE = /\b(?:readme|changelog|license|makefile|dockerfile|gemfile|procfile)\b/i;
// A tracker's issue key (`PAY-12`, `ENG-404`): the task is about an issue.
const ISSUE_KEY = /\b[A-Z][A-Z0-9]{1,9}-\d+\b/;
// A plural noun, not a word that merely ends in "s".
const PLURAL = String.raw`(?!(?:was|has|is|as|us|its|this|yes|less|news)\b)[a-z]{2,}s\b`;
const COUNTED = String.raw`(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|several|\d+)`;
const MANY = new RegExp(
  String.raw`\b(?:every|each)\s+[a-z]+|` +
    String.raw`\ball\s+(?:the\s+|of\s+the\s+)?(?:[a-z]+\s+)?${PLURAL}|` +
    String.raw`\b${COUNTED}\s+(?:[a-z]+\s+)?${PLURAL}`,
  'i',
);
const HINTS: [RegExp, string][] = [
  [ISSUE_KEY, 'issue'],
  // "How many" asks for a count; no term says so ("how" is a stop word, "many" is dropped).
  [/\bhow\s+many\b/i, 'count'],
  // "every order", "all sessions", "these three products": many things at once.
  [MANY, 'many'],
  // "right now", "at the moment", "what time is it": the current state of something.
  [
    /\b(?:right\s+now|at\s+the\s+moment|currently|(?<!\bfrom\s)now(?!\s+on\b))\b|\bwhat\s+time\s+is\s+it\b/i,
    'current',
  ],
  // A superlative asks for things in order: "the most space", "the slowest queries".
  [
    /\bthe\s+(?:most|least|fewest)\b|\b(?:biggest|largest|smallest|slowest|fastest|heaviest|top\s+\d+)\b/i,
    'sort',
  ],
  [/\bhow\s+(?:big|large)\b|\bhow\s+much\s+(?:disk|space|storage|room|memory)\b/i, 'size'],
  [EMAIL_LIKE, 'email'],
  [URL_LIKE, 'url'],
  [PATH_LIKE, 'file'],
  [WELL_KNOWN_FILE, 'file'],
];

/** The path of a URL after its host (`/3/library/json.html`). */
const URL_PATH = /(?<=\b(?:https?:\/\/)?(?:[\w-]+\.)+[a-z]{2,})\/\S*/gi;

/**
 * A URL's path names the resource, a value like a quoted text ("json" in `/library/json.html`
 * asks for no JSON); only its extension says what kind of thing it is.
 */
function pathKind(path: string): string {
  return ` ${/\.([a-z0-9]{2,5})(?:[?#]\S*)?$/i.exec(path)?.[1] ?? ''} `;
}

/**
 * Values the task hands over rather than words about the tool: a quoted text, the name
 * after "called", "named" or "titled" ("a branch called search-speed" asks for no search;
 * "named" itself stays: the tool will need a name), or a name with a version tag
 * (`postgres:16`, `node:latest`: an image to get, not the postgres server).
 * Opening quotes must start a word, so "Sam's message" is no quote.
 */
export const VALUES =
  /(?<=\b(?:called|named|titled)\s+)\S+|\b[a-z][\w./-]*:(?:\d[\w.-]*|latest)\b|"[^"]*"|“[^”]*”|(?<=^|\s)'[^']+'(?=$|[\s.,;:!?])/g;

/**
 * The weighted terms of a query: its own words at weight 1, plus the other members of every
 * synonym group one of its words (or phrases) belongs to, at `synonymWeight`. When the
 * agent's word is unknown to the index (`vocabulary`), its synonyms stand in for it at full
 * weight: "remember" appears in no tool, so the memory server's words carry that concept.
 */
export function expandQuery(
  query: string,
  synonymWeight = SYNONYM_WEIGHT,
  vocabulary?: ReadonlySet<string>,
): Map<string, QueryTerm> {
  const terms = new Map<string, QueryTerm>();
  // "How many" asks for a count (a hint below), not for a tool that handles many.
  const withoutValues = query.replace(VALUES, ' ');
  const text = withoutValues.replace(URL_PATH, pathKind);
  for (const word of splitWords(text.replace(/\bhow\s+many\b/gi, ' '))) {
    if (STOP_WORDS.has(word) || /^\d+$/.test(word)) continue;
    const term = stem(word);
    if (!terms.has(term)) terms.set(term, { weight: 1, label: word, concept: term });
  }
  const own = new Set(terms.keys());
  const sequence = splitWords(withoutValues).map(stem);
  const withoutEmails = query.replace(EMAIL_LIKE, ' ');
  const withoutUrls = withoutEmails.replace(URL_LIKE, ' ');
  for (const [pattern, hint] of HINTS) {
    const text = hint === 'url' ? withoutEmails : hint === 'email' ? query : withoutUrls;
    if (pattern.test(text) && !own.has(stem(hint))) own.add(stem(hint));
  }
  for (const group of analyzedSynonymGroups()) {
    // A phrase ("logged in") matches only as a phrase, not as its one content word ("logs").
    const hit = group.find((p) =>
      p.words.length > 1 ? contains(sequence, p.words) : p.terms.every((t) => own.has(t)),
    );
    if (!hit) continue;
    const concept = hit.terms[0]!;
    const unknown = vocabulary !== undefined && hit.terms.every((t) => !vocabulary.has(t));
    const weight = unknown ? 1 : synonymWeight;
    for (const member of group) {
      for (const term of member.terms) {
        if (terms.has(term)) continue;
        const label = member === hit ? hit.phrase : `${hit.phrase}~${member.phrase}`;
        terms.set(term, { weight, label, concept });
      }
    }
  }
  if (vocabulary) addRelated(terms, vocabulary);
  return terms;
}

/** Each of the agent's own words brings in its general-English relatives the index knows. */
function addRelated(terms: Map<string, QueryTerm>, vocabulary: ReadonlySet<string>): void {
  const own = [...terms.values()].filter((t) => t.weight === 1 && t.concept === stem(t.label));
  for (const { label, concept } of own) {
    for (const word of relatedWords(label)) {
      const term = stem(word);
      if (terms.has(term) || !vocabulary.has(term)) continue;
      terms.set(term, { weight: LEXICON_WEIGHT, label: `${label}~${word}`, concept });
    }
  }
}
