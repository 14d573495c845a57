import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** How a path condition judged a value: inside, outside, or why it could not tell. */
export type PathJudgement = { inside: boolean } | { problem: string };

/** Longest path text judged; longer values cannot be judged. */
const MAX_PATH = 4096;

/**
 * Every reading of a path a server might take, each absolute and normalized: as sent and
 * percent-decoded, with `\` as a literal character and as a separator. A `file:` URL is read
 * as its path. Undefined with a reason when the text cannot be a path (NUL, bad encoding,
 * relative with no base).
 */
export function pathReadings(
  value: string,
  base?: string,
): { readings: string[] } | { problem: string } {
  if (value.length > MAX_PATH) return { problem: `longer than ${MAX_PATH} characters` };
  const texts = new Set<string>([value]);
  try {
    // Decoded until stable (at most 3 rounds), so `%252e` cannot hide a `..` from us.
    let decoded = value;
    for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(decoded); i++) {
      decoded = decodeURIComponent(decoded);
      texts.add(decoded);
    }
    if (/%[0-9a-f]{2}/i.test(decoded)) return { problem: 'percent-encoded more than 3 times' };
  } catch {
    return { problem: 'malformed percent-encoding' };
  }
  const readings = new Set<string>();
  for (const text of texts) {
    for (const variant of new Set([text, text.replaceAll('\\', '/')])) {
      const one = normalizeOne(variant, base);
      if ('problem' in one) return one;
      readings.add(one.path);
    }
  }
  return { readings: [...readings] };
}

function normalizeOne(text: string, base?: string): { path: string } | { problem: string } {
  let value = text.normalize('NFC');
  if (value.includes('\0')) return { problem: 'contains a NUL character' };
  if (/^file:/i.test(value)) {
    try {
      value = fileURLToPath(value);
    } catch {
      return { problem: 'not a usable file: URL' };
    }
  }
  if (value === '~' || value.startsWith('~/')) value = homedir() + value.slice(1);
  if (!path.isAbsolute(value)) {
    if (!base) return { problem: 'relative, and the condition names no base folder' };
    value = path.resolve(normalizeFolder(base), value);
  }
  return { path: path.resolve(value) };
}

/** A folder as conditions compare against it: `~` expanded, NFC, absolute, no trailing `/`. */
export function normalizeFolder(folder: string): string {
  let value = folder.normalize('NFC');
  if (value === '~' || value.startsWith('~/')) value = homedir() + value.slice(1);
  return path.resolve(value);
}

/** Whether an absolute, normalized path is the folder or lies below it (case-sensitive). */
export function isWithin(folder: string, candidate: string): boolean {
  const rel = path.relative(folder, candidate);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * Whether a path lies inside a folder under every reading of it (see `pathReadings`): one
 * reading outside makes it outside. Lexical: a symbolic link inside the folder is not followed
 * (the filesystem roots guard does that for the filesystem server).
 */
export function judgePath(value: string, folder: string, base?: string): PathJudgement {
  const read = pathReadings(value, base);
  if ('problem' in read) return read;
  const root = normalizeFolder(folder);
  return { inside: read.readings.every((r) => isWithin(root, r)) };
}
