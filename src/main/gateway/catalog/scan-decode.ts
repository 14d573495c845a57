/**
 * Encoded text inside a description: a model decodes base64, hex, percent-encoding and HTML
 * entities without being asked, so an instruction hidden that way still reaches it. These
 * helpers turn such runs back into text for the scanner's rules to read.
 */

/** One way of hiding text, and the text it hid. */
export interface Decoded {
  encoding: 'base64' | 'hex' | 'URL encoding' | 'HTML entities' | 'escape sequences';
  text: string;
}

/** Runs of the alphabets (each found once, in linear time); short ones are ids and hashes. */
const BASE64_RUN = /[A-Za-z0-9+/_-]+={0,2}/g;
const HEX_RUN =
  /(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{24,}|(?:[0-9A-Fa-f]{2}[\s:]){11,}[0-9A-Fa-f]{2})(?![0-9A-Za-z])/g;
const MIN_BASE64 = 20;
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2}[^%\s]{0,3}){4,}/g;
const ENTITY = /&(?:#(\d{1,7})|#x([0-9A-Fa-f]{1,6})|(lt|gt|amp|quot|apos|nbsp));/gi;
const ESCAPE = /\\(?:u([0-9A-Fa-f]{4})|x([0-9A-Fa-f]{2}))/g;
const NAMED: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** Every hidden text found in `text`, one layer deep (the caller recurses for nested ones). */
export function decodeEmbedded(text: string): Decoded[] {
  const found: Decoded[] = [];
  for (const [run] of text.matchAll(BASE64_RUN)) {
    // Identifiers (read_multiple_files, lower-kebab-case) use the alphabet too; text does not.
    if (run.length < MIN_BASE64 || !/[A-Z]/.test(run) || !/[a-z]/.test(run)) continue;
    const decoded = readable(Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
    if (decoded) found.push({ encoding: 'base64', text: decoded });
  }
  for (const [run] of text.matchAll(HEX_RUN)) {
    const decoded = readable(Buffer.from(run.replace(/[\s:]/g, ''), 'hex'));
    if (decoded) found.push({ encoding: 'hex', text: decoded });
  }
  if (text.includes('%') && PERCENT_RUN.test(text)) {
    PERCENT_RUN.lastIndex = 0;
    const decoded = text.replace(PERCENT_RUN, percentDecode);
    if (decoded !== text) found.push({ encoding: 'URL encoding', text: decoded });
  }
  if (text.includes('&')) {
    const entities = text.replace(ENTITY, entityDecode);
    if (entities !== text) found.push({ encoding: 'HTML entities', text: entities });
  }
  if (text.includes('\\')) {
    const escapes = text.replace(ESCAPE, (_, u?: string, x?: string) =>
      String.fromCharCode(parseInt(u ?? x ?? '0', 16)),
    );
    if (escapes !== text) found.push({ encoding: 'escape sequences', text: escapes });
  }
  return found;
}

/**
 * Text a person could read, or undefined: valid UTF-8, nearly all printable, with letters and
 * at least two spaces (so random bytes and binary formats that decode by chance are ignored).
 */
function readable(bytes: Buffer): string | undefined {
  if (bytes.length < 12) return undefined;
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD')) return undefined;
  const unprintable = text.replace(/[\p{L}\p{N}\p{P}\p{S}\s]+/gu, '').length;
  if (unprintable > text.length * 0.05) return undefined;
  if ((text.match(/\s/g) ?? []).length < 2 || !/\p{L}{3}/u.test(text)) return undefined;
  return text;
}

function percentDecode(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    return run;
  }
}

function entityDecode(match: string, dec?: string, hex?: string, name?: string): string {
  if (name) return NAMED[name.toLowerCase()] ?? match;
  const code = dec ? parseInt(dec, 10) : parseInt(hex ?? '', 16);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
}

/** Whether hidden text reads like prose: several words of letters, not a token or a path. */
export function isProse(text: string): boolean {
  return (text.match(/\p{L}{2,}/gu) ?? []).length >= 4;
}
