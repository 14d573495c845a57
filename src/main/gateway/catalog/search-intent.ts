import type { CatalogTool } from './catalog.js';
import { VALUES, splitWords, stem } from './search-text.js';

/**
 * What a task asks to do and what a tool does, as one of a few actions, so "show me which
 * files are in docs" prefers a tool that lists over one that reads or deletes. The verbs are
 * general English, not a list of any one server's tool names.
 */
export type Action =
  | 'list'
  | 'read'
  | 'search'
  | 'fetch'
  | 'navigate'
  | 'create'
  | 'write'
  | 'update'
  | 'delete'
  | 'run'
  | 'send';

/** Actions that leave everything as it was. */
const READING: ReadonlySet<Action> = new Set(['list', 'read', 'search', 'fetch', 'navigate']);
/** Actions that add or change something (delete is apart: it contradicts these too). */
const MAKING: ReadonlySet<Action> = new Set(['create', 'write', 'update', 'send']);

const VERBS: Record<Action, string> = {
  list: 'list enumerate ls',
  read: 'read open view show display see look print cat load inspect examine check get give tell describe summarize summarise preview peek dump',
  search: 'search find locate lookup grep query filter seek discover',
  fetch: 'fetch download scrape retrieve grab crawl',
  navigate: 'navigate visit browse goto',
  create:
    'create make new add start generate draw plot build compose insert init initialize fork duplicate clone connect associate',
  write: 'write save store put overwrite upload push commit attach append',
  update:
    'update edit change modify patch replace rename set move assign mark transfer adjust tweak toggle complete close rotate reorder',
  delete:
    'delete remove drop erase clear destroy purge forget trash wipe unlink archive discard kill terminate cancel abort',
  run: 'run execute evaluate eval invoke trigger launch exec rerun retry',
  send: 'send email message post notify reply answer respond share publish',
};

/**
 * Words that are more often nouns ("the logs", "a record") but verbs when they start the task
 * ("log two hours", "record that Bob manages the team", "stage the file"): read as verbs only
 * there.
 */
const AT_START: Record<string, Action> = {
  log: 'write',
  record: 'write',
  note: 'write',
  stage: 'create',
  link: 'create',
};

/** Verbs so general that any specific verb in the same task outranks them. */
const WEAK = new Set(['show', 'get', 'give', 'tell', 'see', 'look', 'check', 'display'].map(stem));

/** A present participle after a form of "be": "are running", "is loading". */
const DESCRIBING = /\b(?:is|are|was|were|be|been|being|am)\s+(\w+ing)\b/g;

/** A question about what happened: "why did …", "what has … done" (up to the clause's end). */
const ASKED_ABOUT =
  /\b(?:why|what|how|when|where|which|who)\s+(?:\w+\s+)?(?:did|has|had|have)\s+([^?.,;!]*)/g;

/** Stem → the verbs of that stem and their actions. */
const ACTION_OF = new Map<string, [string, Action][]>();
for (const [action, words] of Object.entries(VERBS) as [Action, string][]) {
  for (const word of words.split(' ')) {
    const key = stem(word);
    ACTION_OF.set(key, [...(ACTION_OF.get(key) ?? []), [word, action]]);
  }
}

/**
 * The action a word names, if it is a form of a verb this knows. The stem alone would also
 * take words that only share it: "terminal" is no "terminate", "deletion" no "delete".
 */
export function actionOfWord(word: string): Action | undefined {
  const lower = word.toLowerCase();
  return ACTION_OF.get(stem(lower))?.find(([verb]) => isFormOf(lower, verb))?.[1];
}

const ENDINGS = ['ing', 'ed', 'es', 's', 'd'];

/** Whether `word` is `verb` or one of its regular forms (lists, copied, running, created). */
function isFormOf(word: string, verb: string): boolean {
  if (word === verb) return true;
  for (const ending of ENDINGS) {
    if (!word.endsWith(ending)) continue;
    const base = word.slice(0, -ending.length);
    if (base === verb || `${base}e` === verb) return true;
    if (base.length > 2 && base.at(-1) === base.at(-2) && base.slice(0, -1) === verb) return true;
    if (base.endsWith('i') && `${base.slice(0, -1)}y` === verb) return true;
  }
  return false;
}

/** What a task asks for: its actions (strongest first) and the words that said so. */
export interface QueryIntent {
  actions: Action[];
  /** The words (or phrase) each action came from, for the explanation. */
  cues: Map<Action, string>;
  /** It names a topic ("about onboarding", "mentioning a leak"), not a thing by its id. */
  topic: boolean;
  /** Stems of the places the task acts in ("to the report document", "from the sales table"). */
  containers: Set<string>;
}

// Phrases whose words alone would mislead: "which files are in X" lists, "open an issue"
// creates, "set up" creates, "look up"/"look for" searches, "go to" navigates.
const PHRASES: [RegExp, Action][] = [
  [
    /\b(?:which|what)\s+(?:\w+\s+)?\w+s\s+(?:are|is|exist|live|sit|in|inside|under|within)\b/,
    'list',
  ],
  [/\b(?:which|what)\b.*\b(?:are|is)\s+(?:there\s+)?(?:in|inside|under|within)\b/, 'list'],
  [/\b(?:which|what)\s+(?:\w+\s+)?\w+s\s+(?:does|do|did)\b.*\bhave\b/, 'list'],
  [
    /\bopen\s+(?:a|an|the|new)?\s*(?:\w+\s+)?(?:issue|ticket|bug|pr|pull request|merge request|branch|account)\b/,
    'create',
  ],
  [/\bfile\s+(?:a|an)\s+(?:\w+\s+)?(?:bug|issue|ticket|report)\b/, 'create'],
  [/\bset\s+up\b/, 'create'],
  // "make X bold", "make the repo private": making something so changes it.
  [
    /\bmake\s+(?:\w+\s+){1,6}?(?:bold|italic|underlined|bigger|smaller|larger|wider|public|private|visible|hidden|read-only|default)\b/,
    'update',
  ],
  [/\blook\s+(?:up|for)\b/, 'search'],
  [/\bwhat\s+(?:do|does|did)\s+\w+\s+(?:\w+\s+)?(?:know|remember|recall)\b/, 'search'],
  [/\bgo\s+to\b/, 'navigate'],
  [/\bwhat(?:'s|\s+is)\s+new\b/, 'read'],
  [/\bwhat(?:'s|\s+is|\s+are)\s+on\s+(?:my|the|our|your)\b/, 'list'],
  // Common phrasal verbs whose words alone name no action, or the wrong one.
  [/\b(?:get|gets|got|getting)\s+rid\s+of\b/, 'delete'],
  [/\b(?:throw|throwing|threw)\s+(?:\w+\s+){0,3}?(?:away|out)\b/, 'delete'],
  [/\b(?:clean|tidy)\s+up\b/, 'delete'],
  [/\b(?:push|move|put)\s+(?:\w+\s+){0,3}?(?:back|off)\b/, 'update'],
  [/\bcheck\s+in\b/, 'write'],
  [/\b(?:keep|bear)\s+in\s+mind\b|\bremember\s+that\b/, 'write'],
  [/\bfill\s+(?:in|out)\b/, 'write'],
  [/\b(?:write|sign)\s+up\b/, 'create'],
  [/\b(?:find|figure)\s+out\b/, 'search'],
  [/\blook\s+(?:through|into)\b/, 'search'],
];

const POSSESSIVES = new Set(['my', 'your', 'his', 'her', 'its', 'our', 'their', 'whose']);

/** Words introducing a topic: "about onboarding", "mentioning a leak". */
const TOPIC = /\b(?:about|mentioning|regarding|concerning|related\s+to)\b/i;

/** The actions a task asks for, from its verbs and a few phrases. */
export function queryIntent(query: string): QueryIntent {
  let text = query.replace(VALUES, ' ').toLowerCase();
  const describing = new Set([...text.matchAll(DESCRIBING)].map((m) => m[1]));
  // "why did the last run fail?", "what did the build print": the question asks about what
  // happened; its verbs describe it and ask for nothing.
  for (const m of text.matchAll(ASKED_ABOUT)) for (const w of splitWords(m[1]!)) describing.add(w);
  const strong: [Action, string][] = [];
  const weak: [Action, string][] = [];
  for (const [pattern, action] of PHRASES) {
    const match = pattern.exec(text);
    if (!match) continue;
    strong.push([action, match[0]]);
    // The phrase's own words said all they mean ("getting" in "getting rid of" reads nothing).
    text = text.replace(match[0], ' ');
  }
  const words = splitWords(text);
  for (const [i, word] of words.entries()) {
    const action = actionOfWord(word);
    // After a possessive the word is a noun: "my downloads", "whose email", "their posts".
    if (action && POSSESSIVES.has(words[i - 1] ?? '')) continue;
    // A past participle describes ("which files changed", "when was it created"), and so does
    // a present one after a form of "be" ("which containers are running"); they ask for
    // nothing.
    if (!action || (word.endsWith('ed') && stem(word) !== word)) continue;
    if (describing.has(word)) continue;
    (WEAK.has(stem(word)) ? weak : strong).push([action, word]);
  }
  const first = splitWords(text)[0];
  const opening = first === undefined ? undefined : AT_START[first];
  if (opening) strong.unshift([opening, first!]);
  const chosen = strong.length > 0 ? strong : weak;
  const cues = new Map<Action, string>();
  for (const [action, cue] of chosen) if (!cues.has(action)) cues.set(action, cue);
  // "open" reads, unless a phrase said it opens something new (an issue, a branch).
  if (cues.has('create') && cues.get('read') === 'open') cues.delete('read');
  const adding = cues.has('create') || cues.has('write');
  // Only a task that reads looks things up by topic; "open an issue about X" writes about it.
  const reads = [...cues.keys()].every((action) => READING.has(action));
  const topic = reads && TOPIC.test(text);
  return { actions: [...cues.keys()], cues, topic, containers: containersOf(query, adding) };
}

const PREPOSITIONS = 'to|into|in|on|from|inside|within';
/** Words that end the noun phrase after a preposition. */
const PHRASE_ENDS = 'to|into|in|on|onto|from|for|with|by|as|at|about|where|whose|that|which|and|so';
/** A preposition of place and the up to four words of its noun phrase (the last is its head). */
const PLACE = new RegExp(
  String.raw`\b(?:${PREPOSITIONS})\s+((?:[\w'.:-]+\s+){0,3}?[a-z]+)` +
    String.raw`(?=\s+(?:${PHRASE_ENDS})\b|[\s,.;:!?]*$|\s*[,.;:!?])`,
  'gi',
);

/**
 * The head nouns after "to", "in", "from" and the like: where the task acts, not what on.
 * "add a title to the report document" works in a document; a tool that makes documents is
 * not the one it wants.
 */
function containersOf(query: string, adding: boolean): Set<string> {
  const found = new Set<string>();
  for (const match of query.replace(VALUES, ' ').matchAll(PLACE)) {
    // "to" and "into" say where only for adding ("add X to Y"); else a target ("export to pdf").
    if (!adding && /^(?:to|into)\b/i.test(match[0])) continue;
    const head = splitWords(match[1]!)
      .filter((w) => !/^\d+$/.test(w))
      .at(-1);
    if (head) found.add(stem(head));
  }
  return found;
}

/** What a tool does: the action its name (or its description's first verb) names. */
export interface ToolIntent {
  action?: Action;
  /** The word the action was read from. */
  verb?: string;
  readOnly: boolean;
  destructive: boolean;
  /** Its description says it is deprecated: a newer tool does the same. */
  deprecated: boolean;
  /** It takes no arguments, so it cannot narrow to what a task names ("about the payments"). */
  noArguments: boolean;
  /** It takes a free-text query (`query`, `q`, `search`…): it can find things by topic. */
  takesQuery: boolean; /** It takes a command (`command`, `cmd`, `script`): it runs what a task hands it. */
  takesCommand: boolean;
}

/**
 * A tool without arguments, for a task naming more than the tool matched: the rest of the
 * task (a subject, a name) has nowhere to go, so a tool that can take it fits better.
 */
export const NO_ARGUMENTS_FACTOR = 0.45;

/** A deprecated tool's score is multiplied by this, so its replacement ranks first. */
export const DEPRECATED_FACTOR = 0.7;

const COMMAND_PARAMS = new Set(['command', 'cmd', 'script', 'commandline']);
const QUERY_PARAMS = new Set(['query', 'q', 'search', 'keywords', 'keyword', 'term', 'text']);

/** A tool's action from its name words, else its description's first word; and its hints. */
export function toolIntent(tool: CatalogTool, shared: ReadonlySet<string> = new Set()): ToolIntent {
  const original = tool.original;
  const annotations = original.annotations ?? {};
  const readOnly = annotations.readOnlyHint === true;
  const destructive = annotations.destructiveHint === true && !readOnly;
  const deprecated = /\bdeprecated\b/i.test(original.description ?? '');
  const properties = (original.inputSchema as { properties?: object } | undefined)?.properties;
  const keys = Object.keys(properties ?? {});
  const noArguments = keys.length === 0;
  const takesQuery = keys.some((key) => QUERY_PARAMS.has(key.toLowerCase()));
  const takesCommand = keys.some((key) => COMMAND_PARAMS.has(key.toLowerCase()));
  const candidates = [
    ...splitWords(original.name).filter((w) => !shared.has(w)),
    ...splitWords(original.description ?? '').slice(0, 1),
  ];
  for (const verb of candidates) {
    const action = actionOfWord(verb);
    if (action)
      return {
        action,
        verb,
        readOnly,
        destructive,
        deprecated,
        noArguments,
        takesQuery,
        takesCommand,
      };
  }
  return { readOnly, destructive, deprecated, noArguments, takesQuery, takesCommand };
}

/** How well a tool's action fits a task's: a factor on its score, and why. */
export interface ActionFit {
  factor: number;
  /** `list` (matched), `read≈list` (related), `delete≠show` (contradicts); absent when neutral. */
  label?: string;
  contradicts: boolean;
}

/** Ranking weights of the action fit. */
export const ACTION_WEIGHTS = { match: 0.6, related: 0.47, other: 0.32, contradict: 0.15 };

/** The fit of a tool's action to the task's; the best over the task's actions. */
export function actionFit(
  query: QueryIntent,
  tool: ToolIntent,
  weights = ACTION_WEIGHTS,
): ActionFit {
  if (query.actions.length === 0) return { factor: 1, contradicts: false };
  let best: ActionFit | undefined;
  for (const wanted of query.actions) {
    const fit = fitOne(wanted, query.cues.get(wanted) ?? wanted, tool, weights);
    if (!best || fit.factor > best.factor) best = fit;
  }
  return best!;
}

function fitOne(
  wanted: Action,
  cue: string,
  tool: ToolIntent,
  w: typeof ACTION_WEIGHTS,
): ActionFit {
  const has = tool.action;
  const reading = READING.has(wanted);
  // A destructive tool never serves a task that only reads.
  if (reading && tool.destructive) return contradiction(has ?? 'destructive', cue, w);
  if (!has) {
    if (wanted === 'delete' && tool.readOnly) return contradiction('read-only', cue, w);
    if (MAKING.has(wanted) && tool.readOnly) return { factor: w.other, contradicts: false };
    return { factor: 1, contradicts: false };
  }
  if (has === wanted) return { factor: 1 + w.match, label: `${has}`, contradicts: false };
  if (related(wanted, has)) {
    return { factor: 1 + w.related, label: `${has}≈${cue}`, contradicts: false };
  }
  const toolReads = READING.has(has);
  if (reading && !toolReads && has !== 'run') return contradiction(has, cue, w);
  if (wanted === 'delete' && toolReads) return contradiction(has, cue, w);
  if (MAKING.has(wanted) && has === 'delete') return contradiction(has, cue, w);
  return { factor: w.other, contradicts: false };
}

function related(a: Action, b: Action): boolean {
  if (READING.has(a) && READING.has(b)) return true;
  // A task that runs something is served by a tool that starts it ("run npm test" →
  // start_process); one that creates something is not served by running anything.
  if (a === 'run' && b === 'create') return true;
  const write = (x: Action) => x === 'write' || x === 'create' || x === 'update';
  return (a === 'write' && write(b)) || (b === 'write' && write(a));
}

function contradiction(has: string, cue: string, w: typeof ACTION_WEIGHTS): ActionFit {
  return { factor: w.contradict, label: `${has}≠${cue}`, contradicts: true };
}

/** Ranking weights of the shape fit: the factors `shapeFit` multiplies. */
export const SHAPE_WEIGHTS = { place: 0.7, topic: 2, command: 1.6 };

/**
 * How a tool's shape fits a task, as one factor. A tool named for the place the task acts in
 * (create_document for "add a title to the report document") makes that place rather than
 * doing the task in it, unless the task lists the place; a tool taking a free-text query
 * fits a reading task that names a topic; one taking a command fits a task that runs one.
 */
export function shapeFit(
  query: QueryIntent,
  tool: ToolIntent,
  nameTerms: readonly string[],
  w = SHAPE_WEIGHTS,
): number {
  const place = !query.actions.includes('list') && nameTerms.some((t) => query.containers.has(t));
  const topic = query.topic && tool.takesQuery;
  const command = query.actions[0] === 'run' && tool.takesCommand;
  return (place ? w.place : 1) * (topic ? w.topic : 1) * (command ? w.command : 1);
}
