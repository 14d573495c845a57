/**
 * Masks secrets in text and values before they reach a log, the audit file or the UI.
 *
 * Three nets: (a) exact values we know are secret (configured env/header secrets, agent keys,
 * control tokens), (b) strings that look like credentials whatever their origin, and (c) in
 * objects, every value under a key whose name says "secret". All of (a) and (b) is one combined
 * regex, rebuilt only when a known secret is added, so masking a line is one scan.
 */

/** What every secret is replaced with; nothing of the secret is kept. */
export const MASK = '***';

/** Known secrets shorter than this are not masked: they would match ordinary words. */
export const MIN_SECRET_LENGTH = 6;

/** Deepest nesting `value` copies; deeper parts become `'[Depth]'`. */
export const MAX_DEPTH = 10;

/** Credential shapes; each is specific enough not to fire on ordinary prose. */
const CREDENTIAL_PATTERNS = [
  // PEM private keys (RSA, EC, OPENSSH, PKCS#8 …), including a block cut off before its END line.
  String.raw`-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)`,
  String.raw`\bgh[pousr]_[A-Za-z0-9]{20,}`, // GitHub classic tokens (ghp_, gho_, ghu_, ghs_, ghr_)
  String.raw`\bgithub_pat_[A-Za-z0-9_]{20,}`, // GitHub fine-grained tokens
  String.raw`\bAKIA[0-9A-Z]{16}\b`, // AWS access key ids
  String.raw`\bsk-[A-Za-z0-9_-]{20,}`, // OpenAI / Anthropic style secret keys
  String.raw`\bxox[baprs]-[A-Za-z0-9-]{10,}`, // Slack tokens
  // Credentials in query strings (`?access_token=…`), as in URLs echoed by servers.
  String.raw`(?<=[?&](?:access_token|token|api_key|apikey|key|secret|password|sig)=)[^&\s#"']+`,
];

/** `Bearer <token>`: the one pattern whose prefix is kept, so a masked header still reads well. */
const BEARER_PATTERN = String.raw`(\b[Bb][Ee][Aa][Rr][Ee][Rr][ \t]+)[A-Za-z0-9\-._~+/]{8,}=*`;

/** Key names whose values are masked in objects, whatever the value looks like. */
const SECRET_KEY =
  /token|secret|passw(?:or)?d|api[-_]?key|authorization|cookie|private[-_]?key|credential|(?:^|[-_.])key$/i;
/** camelCase `…Key` (apiKey, clientKey); checked case-sensitively so `monkey` stays readable. */
const CAMEL_KEY = /[a-z0-9]Key$/;

/** A masker for text and structured values. */
export interface Redactor {
  /** `s` with every known secret and credential-looking substring replaced by `***`. */
  text(s: string): string;
  /** A deep copy of `v` with strings masked and secret-named keys' values replaced by `***`. */
  value(v: unknown): unknown;
  /** Starts masking `secret` too (ignored when shorter than 6 characters). */
  add(secret: string): void;
}

/** Whether a property name marks its value as secret (`token`, `apiKey`, `x-api-key`, `cookie` …). */
export function isSecretKeyName(name: string): boolean {
  return SECRET_KEY.test(name) || CAMEL_KEY.test(name);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function buildPattern(known: ReadonlySet<string>): RegExp {
  // Longest first, so a secret that contains another is masked whole.
  const literals = [...known].sort((a, b) => b.length - a.length).map(escapeRegex);
  return new RegExp([BEARER_PATTERN, ...literals, ...CREDENTIAL_PATTERNS].join('|'), 'g');
}

/** A redactor that masks `knownSecrets` (values ≥ 6 characters) plus every credential pattern. */
export function createRedactor(knownSecrets: Iterable<string> = []): Redactor {
  const known = new Set<string>();
  for (const secret of knownSecrets) if (secret.length >= MIN_SECRET_LENGTH) known.add(secret);
  let pattern = buildPattern(known);
  const replace = (_match: string, bearer: string | undefined): string => (bearer ?? '') + MASK;
  const text = (s: string): string =>
    s.length < MIN_SECRET_LENGTH ? s : s.replace(pattern, replace);
  return {
    text,
    value: (v) => copyMasked(v, text, 0, []),
    add(secret) {
      if (secret.length < MIN_SECRET_LENGTH || known.has(secret)) return;
      known.add(secret);
      pattern = buildPattern(known);
    },
  };
}

type MaskText = (s: string) => string;

function copyMasked(v: unknown, text: MaskText, depth: number, ancestors: object[]): unknown {
  if (typeof v === 'string') return text(v);
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? '[Function]' : v;
  // The objects above this one: at most MAX_DEPTH, so a scan is cheaper than a WeakSet per
  // copy (every call's audit line copies its arguments).
  if (ancestors.includes(v)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Depth]';
  if (v instanceof Date) return new Date(v.getTime());
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return `[Binary ${v.byteLength} bytes]`;
  ancestors.push(v);
  try {
    if (Array.isArray(v) || v instanceof Set) {
      return [...v].map((item: unknown) => copyMasked(item, text, depth + 1, ancestors));
    }
    if (v instanceof Error) return copyError(v, text, depth, ancestors);
    const entries: Array<[unknown, unknown]> = v instanceof Map ? [...v] : Object.entries(v);
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      out[String(key)] = copyEntry(String(key), item, text, depth, ancestors);
    }
    return out;
  } finally {
    // Only ancestors count as cycles; the same object twice side by side is copied twice.
    ancestors.pop();
  }
}

function copyEntry(
  key: string,
  item: unknown,
  text: MaskText,
  depth: number,
  ancestors: object[],
): unknown {
  if (isSecretKeyName(key) && isMaskable(item)) return MASK;
  return copyMasked(item, text, depth + 1, ancestors);
}

/** Numbers, booleans and empty values under a secret-ish key (`maxTokens: 512`) are not secrets. */
function isMaskable(item: unknown): boolean {
  if (item === null || item === undefined) return false;
  if (typeof item === 'string') return item.length > 0;
  return typeof item === 'object';
}

/** Errors become `{ type, message, stack, … }` (pino's shape), masked. */
function copyError(e: Error, text: MaskText, depth: number, ancestors: object[]): unknown {
  const out: Record<string, unknown> = { type: e.name, message: text(e.message) };
  if (e.stack !== undefined) out.stack = text(e.stack);
  for (const [key, item] of Object.entries(e))
    out[key] = copyEntry(key, item, text, depth, ancestors);
  if (e.cause !== undefined) out.cause = copyMasked(e.cause, text, depth + 1, ancestors);
  return out;
}
