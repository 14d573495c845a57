import type { Tool } from '@modelcontextprotocol/server';
import { decodeEmbedded, isProse, type Decoded } from './scan-decode.js';
import { normalize, unleet, unspace } from './scan-normalize.js';
import { NAME_RULE, NAMED_TOOL_ORDER, ORDER_WORDS, RULES, sentenceAfter } from './scan-rules.js';

export { HIDDEN_CHARACTERS } from './scan-normalize.js';

/**
 * Description scanning: finds text in a tool's metadata that speaks to the model rather
 * than describing the tool — the tool-poisoning shapes seen in the wild. A flagged tool is
 * never accepted on first use; it waits for a person with the reasons this returns.
 *
 * Text is normalised first (`scan-normalize.ts`: NFKD, accents, look-alike letters, hidden
 * characters), encoded runs are decoded and read too (`scan-decode.ts`), then the rules of
 * `scan-rules.ts` run. It is a tripwire, not a proof: see SECURITY.md for what it misses.
 * The false-positive guard is the real-tool corpus of test/fixtures/scan-corpus.
 */

/** What the scanner knows of the catalog around a tool; both sets hold tool names. */
export interface ScanContext {
  /** The other tools of the same server: naming them is ordinary documentation. */
  siblings?: ReadonlySet<string>;
  /** Tools of the catalog's other servers: a description that names one is shadowing. */
  others?: ReadonlySet<string>;
}

/**
 * Why a tool looks poisoned: one reason per rule that fires, naming where (the description, a
 * parameter's description, …). An empty list means the tool is clean.
 *
 * With a context (the review passes its catalog) it also flags orders about tools the server
 * does not offer and mentions of other servers' tools; without one, neither is checked.
 */
export function scanTool(tool: Tool, context: ScanContext = {}): string[] {
  const reasons = new Set<string>();
  for (const { where, text } of textsOf(tool)) {
    const isName = where === 'name' || where.endsWith(' name');
    const found = scanText(text, isName ? undefined : context, tool.name);
    if (isName) found.push(...scanName(text));
    for (const reason of found) reasons.add(`${reason} (${where})`);
  }
  return [...reasons];
}

/** Depth of encodings inside encodings that are unpacked (base64 of hex of …). */
const MAX_DECODE_DEPTH = 2;
/** Description padding that pushes the rest out of a client's view. */
const PADDING = /[ \t\u00A0]{120}|(?:\r?\n[ \t]*){20}/;

/**
 * The reasons one piece of text is suspicious, without saying where it came from. Without a
 * context, tool names are not checked against the catalog; `self`, the tool's own name, may
 * always be named.
 */
export function scanText(text: string, context?: ScanContext, self?: string): string[] {
  const reasons: string[] = [];
  const n = normalize(text);
  if (n.invisible) reasons.push('contains invisible Unicode characters');
  if (n.bidi) reasons.push('contains bidirectional Unicode controls');
  if (n.control) reasons.push('contains control characters');
  if (n.mixedScript) reasons.push('mixes look-alike letters of another script into words');
  if (text.length >= 20 && PADDING.test(text))
    reasons.push('pads the text with whitespace to push it out of view');
  reasons.push(...matchRules(n.text));
  if (context) reasons.push(...crossToolReasons(n.text, context, self));
  for (const reason of decodedReasons(n.text, 1)) {
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  return reasons;
}

function matchRules(text: string): string[] {
  const reasons = RULES.filter((rule) => rule.pattern.test(text)).map((rule) => rule.reason);
  const variants = [
    { text: unleet(text), label: 'in leetspeak' },
    { text: unspace(text), label: 'with its letters spaced apart' },
  ];
  for (const variant of variants) {
    if (variant.text === undefined) continue;
    for (const rule of RULES) {
      if (!reasons.includes(rule.reason) && rule.pattern.test(variant.text)) {
        reasons.push(`${rule.reason}, ${variant.label}`);
      }
    }
  }
  return reasons;
}

/** A name read as the words it is made of: snake, kebab and camel case split apart. */
function scanName(name: string): string[] {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim();
  if (words === name) return [];
  const reasons = matchRules(words);
  if (NAME_RULE.pattern.test(words)) reasons.push(NAME_RULE.reason);
  return reasons;
}

/** The rules' findings in text hidden by an encoding, labelled with the encoding. */
function decodedReasons(text: string, depth: number): string[] {
  if (depth > MAX_DECODE_DEPTH) return [];
  const reasons: string[] = [];
  for (const decoded of decodeEmbedded(text)) {
    const plain = normalize(decoded.text).text;
    const found = matchRules(plain).concat(decodedReasons(plain, depth + 1));
    for (const reason of found) reasons.push(`${reason}, hidden in ${decoded.encoding}`);
    if (found.length === 0 && hidesProse(decoded)) {
      reasons.push(`hides readable text in ${decoded.encoding}`);
    }
  }
  return reasons;
}

/** Base64 or hex that decodes to a sentence: descriptions have no reason to carry one. */
function hidesProse(decoded: Decoded): boolean {
  return (decoded.encoding === 'base64' || decoded.encoding === 'hex') && isProse(decoded.text);
}

/** A tool-shaped word: snake, kebab or dotted case. */
const TOOL_WORD = /\b[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)+\b/gi;

/**
 * Shadowing: naming another server's tool anywhere, or giving orders about a tool the server
 * does not have ("when using send_email, always …"). Naming a sibling is documentation.
 */
function crossToolReasons(text: string, context: ScanContext, self?: string): string[] {
  const own = (name: string) => name === self || (context.siblings?.has(name) ?? false);
  const reasons = new Set<string>();
  if (context.others?.size) {
    for (const [word] of text.matchAll(TOOL_WORD)) {
      if (context.others.has(word) && !own(word)) {
        reasons.add(`names the tool ${word} of another server`);
      }
    }
  }
  if (context.siblings) {
    for (const match of text.matchAll(NAMED_TOOL_ORDER)) {
      const name = (match[1] ?? '').replace(/[\x60'"]/g, '');
      const order = sentenceAfter(text, match.index + match[0].length);
      if (!own(name) && ORDER_WORDS.test(order)) {
        reasons.add(`gives orders about the tool ${name}, which this server does not offer`);
      }
    }
  }
  return [...reasons];
}

/** Bounds the walk of a schema a server sent us: depth and count. */
const MAX_WALK_DEPTH = 32;
const MAX_TEXTS = 2_000;

/** Every string in the tool's metadata that a model reads, with a label for where it sits. */
function textsOf(tool: Tool): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [{ where: 'name', text: tool.name }];
  const push = (where: string, value: unknown) => {
    if (typeof value === 'string' && out.length < MAX_TEXTS) out.push({ where, text: value });
  };
  push('description', tool.description);
  push('title', tool.title);
  push('annotations.title', tool.annotations?.title);
  walkSchema(tool.inputSchema, 'parameter', push, 0);
  walkSchema(tool.outputSchema, 'output', push, 0);
  return out;
}

/** Collects descriptions, titles, defaults, examples and property names from a JSON Schema. */
function walkSchema(
  node: unknown,
  where: string,
  push: (where: string, value: unknown) => void,
  depth: number,
): void {
  if (depth > MAX_WALK_DEPTH || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) walkSchema(item, where, push, depth + 1);
    return;
  }
  const record = node as Record<string, unknown>;
  for (const key of ['description', 'title', 'default', 'const', 'pattern']) {
    push(`${where} ${key}`, record[key]);
  }
  for (const example of asArray(record.examples).concat(asArray(record.enum))) {
    push(`${where} example`, example);
  }
  for (const [key, value] of Object.entries(record)) {
    if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
        push(`${where} name`, name);
        walkSchema(child, `${where} "${name}"`, push, depth + 1);
      }
    } else if (value && typeof value === 'object') {
      walkSchema(value, where, push, depth + 1);
    }
  }
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
