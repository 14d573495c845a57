import type { Tool } from '@modelcontextprotocol/server';

/**
 * Description scanning (#10): finds text in a tool's metadata that speaks to the model rather
 * than describing the tool — the tool-poisoning shapes seen in the wild. A flagged tool is
 * never accepted on first use; it waits for a person with the reasons this returns.
 *
 * Every rule is narrow on purpose: ordinary descriptions say "read a file", "your API key is
 * sent in the Authorization header" or "ignores hidden files", and none of those may fire.
 * The false-positive guard is `scan.test.ts`, which runs every real tool list of
 * test/routing/catalog.json (the seven presets' servers and many popular ones) through here.
 */

/** Zero-width, joiner, word-joiner, soft-hyphen, BOM, Mongolian vowel separator, Unicode tags. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200D\u2060-\u2064\uFEFF\u{E0000}-\u{E007F}]/u;
/** Bidirectional overrides, embeddings, isolates and marks (Trojan Source). */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** C0/C1 control characters other than tab, newline and carriage return. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Characters a person cannot see in a description; shown escaped in diffs. */
export const HIDDEN_CHARACTERS = new RegExp(
  `${INVISIBLE.source}|${BIDI.source}|${CONTROL.source}`,
  'gu',
);

interface Rule {
  reason: string;
  pattern: RegExp;
}

const PREVIOUS = String.raw`(?:all\s+|any\s+|the\s+|your\s+)?(?:previous|prior|above|earlier|preceding|former|original|system|other)`;
const ORDERS = String.raw`(?:instructions?|prompts?|messages?|rules|directions|directives|guidelines|context)`;
const USER = String.raw`(?:the\s+)?(?:user|human|person|operator)`;
const SECRET_FILE = String.raw`(?:~|\$HOME|%USERPROFILE%)[\\/]\.[\w.-]+|\bid_(?:rsa|dsa|ecdsa|ed25519)\b|\.ssh[\\/]|\.aws[\\/]credentials|\.(?:npmrc|netrc|pypirc|pgpass|git-credentials|bash_history|zsh_history)\b|\.kube[\\/]config|\.docker[\\/]config\.json|(?:^|[\s'"\x60(/])\.env(?:\.\w+)?\b|claude_desktop_config\.json|[\\/]\.cursor[\\/]mcp\.json|\bmcp\.json\b`;
const SECRET_WORD = String.raw`(?:api[\s_-]?keys?|private\s+keys?|ssh\s+keys?|secret\s+keys?|access\s+tokens?|credentials?|passwords?|tokens?|secrets?|cookies?|session\s+ids?|seed\s+phrases?|mnemonic)`;
/** Up to n characters within one sentence (a dot inside `~/.ssh` or a URL does not end it). */
const within = (n: number) => String.raw`(?:[^.\n]|\.(?=\S)){0,${n}}`;
const SEND = String.raw`(?:(?:send|upload|forward|transmit|leak|copy|e?mail)(?:s|es|ed|ing)?|post|report)`;

/** Instructions aimed at the model; each pattern is matched case-insensitively on normalised text. */
const RULES: Rule[] = [
  {
    reason: 'tells the model to ignore or override its instructions',
    pattern: new RegExp(
      String.raw`\b(?:ignore|disregard|forget|override|bypass|skip)\s+${PREVIOUS}\s+${ORDERS}` +
        String.raw`|\b(?:ignore|disregard|forget)\s+(?:all|everything)\s+(?:you\s+were\s+told|above|before)` +
        String.raw`|\byou\s+are\s+now\s+(?:a|an|in|the)\b|\bnew\s+(?:system\s+)?instructions\s*:` +
        String.raw`|\b(?:system|developer)\s+(?:prompt|message)\s*(?::|override)`,
      'i',
    ),
  },
  {
    reason: 'tells the model to keep something from the user',
    pattern: new RegExp(
      String.raw`\b(?:do\s+not|don'?t|never|must\s+not|should\s+not)\s+(?:tell|inform|notify|alert|mention|reveal|show|disclose|let)\s+(?:this\s+to\s+)?${USER}` +
        String.raw`|\bwithout\s+(?:telling|informing|notifying|alerting|asking|showing)\s+${USER}` +
        String.raw`|\b(?:hide|conceal)\s+(?:this|it|the\s+\w+)\s+from\s+${USER}` +
        String.raw`|\b${USER}\s+(?:must|should)\s+(?:not|never)\s+(?:know|see|find\s+out|be\s+told)`,
      'i',
    ),
  },
  {
    reason: 'carries a hidden instruction tag',
    pattern:
      /<\s*\/?\s*(?:important|system|instructions?|hidden|secret|critical|admin|override|assistant_?instructions?|prompt)\s*>|<\|(?:im_start|im_end|system|endoftext)\|>|\[\/?(?:INST|SYS)\]|<<\s*SYS\s*>>|<!--/i,
  },
  {
    reason: 'asks for keys, dotfiles or credential files',
    pattern: new RegExp(
      String.raw`\b(?:read|open|cat|load|fetch|get|include|attach|collect|extract|access|pass|provide)\b${within(80)}(?:${SECRET_FILE})` +
        String.raw`|(?:${SECRET_FILE})${within(80)}\b(?:as|in|into)\s+(?:the\s+)?['"\x60]?\w+['"\x60]?\s+(?:parameter|argument|field)`,
      'i',
    ),
  },
  {
    reason: 'asks the model to pass secrets through a parameter',
    pattern: new RegExp(
      String.raw`\b(?:pass|put|include|insert|add|append|provide|supply)\s+(?:the\s+|your\s+|any\s+|all\s+)?(?:user'?s?\s+)?${SECRET_WORD}\b${within(60)}\b(?:in|into|as|to)\s+(?:the\s+|this\s+)?['"\x60]?\w+['"\x60]?\s+(?:parameter|argument|field)`,
      'i',
    ),
  },
  {
    reason: 'asks the model to send data to another place',
    pattern: new RegExp(
      String.raw`\b${SEND}\b${within(80)}\b(?:to|at)\s+(?:https?:\/\/|[\w.+-]+@[\w-]+\.[\w.]+|(?:an?\s+|the\s+)?(?:external|remote|third[\s-]party|attacker'?s?)\s+(?:server|address|url|endpoint|email))` +
        String.raw`|\bexfiltrat`,
      'i',
    ),
  },
  {
    reason: "reaches for other tools' data or behaviour",
    pattern: new RegExp(
      String.raw`\b(?:read|include|collect|copy|send|pass|forward|attach)\s+(?:the\s+)?(?:contents?|outputs?|results?|responses?|data|arguments?)\s+(?:of|from)\s+(?:all\s+|any\s+|every\s+)?(?:other|another|previous|prior)\s+tools?\b` +
        String.raw`|\bwhen\s+(?:this|the\s+\w+)\s+tool\s+is\s+(?:available|present|installed|loaded)\b${within(80)}\b(?:must|should|always|instead)\b` +
        String.raw`|\b(?:conversation|chat)\s+history\b${within(60)}\b(?:parameter|argument|field|send|include|pass)\b` +
        String.raw`|\b(?:send|include|pass|append)\s+(?:the\s+|your\s+)?(?:full\s+|entire\s+|whole\s+)?(?:conversation|chat)\s+history`,
      'i',
    ),
  },
];

/**
 * Why a tool looks poisoned: one reason per rule that fires, naming where (the description, a
 * parameter's description, …). An empty list means the tool is clean.
 */
export function scanTool(tool: Tool): string[] {
  const reasons = new Set<string>();
  for (const { where, text } of textsOf(tool)) {
    for (const reason of scanText(text)) reasons.add(`${reason} (${where})`);
  }
  return [...reasons];
}

/** The reasons one piece of text is suspicious, without saying where it came from. */
export function scanText(text: string): string[] {
  const reasons: string[] = [];
  if (INVISIBLE.test(text)) reasons.push('contains invisible Unicode characters');
  if (BIDI.test(text)) reasons.push('contains bidirectional Unicode controls');
  if (CONTROL.test(text)) reasons.push('contains control characters');
  // Compatibility forms (full-width letters, ligatures) fold to ASCII so they cannot dodge a rule.
  const plain = text.normalize('NFKC').replace(HIDDEN_CHARACTERS, '');
  for (const rule of RULES) {
    if (rule.pattern.test(plain)) reasons.push(rule.reason);
  }
  return reasons;
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
  for (const key of ['description', 'title', 'default', 'const']) {
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
