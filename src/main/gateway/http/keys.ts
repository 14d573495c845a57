import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyRecord } from '../../../shared/model.js';
import type { Clock } from '../ports.js';

/**
 * Agent keys. A key is `sb_` + 32 random bytes (base64url); only its SHA-256 is stored.
 * Verification hashes the presented value once and compares it with every stored hash in
 * constant time, so neither the position of a match nor a near miss shows in the timing.
 */

/** Prefix every key starts with; lets secret scanners and people recognise a Switchboard key. */
export const KEY_PREFIX = 'sb_';

/** Longest credential `parseBearer` accepts; real keys are 46 characters. */
export const MAX_BEARER_LENGTH = 512;

/** How many leading characters of a key are stored to tell keys apart (about 30 bits: useless alone). */
const SHOWN_PREFIX = 8;

/** A new random agent key: `sb_` followed by 43 base64url characters (256 bits). */
export function generateKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** The lower-case hex SHA-256 of `key`, as stored in `KeyRecord.hash`. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The record to persist for `key`: its hash, a short display prefix and ISO timestamps from ms values. */
export function keyRecord(
  name: string,
  role: string,
  key: string,
  now: number,
  expiresAt?: number,
): KeyRecord {
  return {
    name,
    role,
    hash: hashKey(key),
    prefix: key.slice(0, SHOWN_PREFIX),
    createdAt: new Date(now).toISOString(),
    ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt).toISOString() }),
  };
}

/** Checks presented keys against a fixed set of records. */
export interface KeyRing {
  /** The record whose key was presented, or undefined (unknown, expired or missing key). */
  verify(presented: string | undefined): KeyRecord | undefined;
}

/** When a key stops working (epoch ms; NaN for an unparseable expiry, which counts as past). */
export function keyExpiry(record: KeyRecord): number | undefined {
  return record.expiresAt === undefined ? undefined : Date.parse(record.expiresAt);
}

/** A key ring over `records`; expiry is judged with `clock` at each call. */
export function createKeyRing(records: readonly KeyRecord[], clock: Clock): KeyRing {
  const entries = records.map((record) => ({
    record,
    digest: storedDigest(record.hash),
    expiresAt: keyExpiry(record),
  }));
  return {
    verify(presented) {
      if (presented === undefined || presented.length > MAX_BEARER_LENGTH) return undefined;
      const digest = createHash('sha256').update(presented, 'utf8').digest();
      let found: (typeof entries)[number] | undefined;
      // No early exit: every stored hash is compared, whatever matched before.
      for (const entry of entries) {
        const same = timingSafeEqual(digest, entry.digest);
        if (same && found === undefined) found = entry;
      }
      if (found === undefined) return undefined;
      // An unparseable expiry (NaN) counts as expired: fail closed.
      if (found.expiresAt !== undefined && !(found.expiresAt > clock.now())) return undefined;
      return found.record;
    },
  };
}

/** A stored hash as 32 bytes; a malformed one becomes a value no SHA-256 output will equal in practice. */
function storedDigest(hash: string): Buffer {
  const bytes = Buffer.from(hash, 'hex');
  return bytes.length === 32 ? bytes : Buffer.alloc(32);
}

const BEARER = /^bearer[ \t]+(\S+)$/i;

/** The token of an `Authorization: Bearer <token>` header, or undefined when absent or malformed. */
export function parseBearer(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  // Checked before the regex so an absurd header costs nothing to reject.
  if (trimmed.length > MAX_BEARER_LENGTH + 'Bearer '.length + 16) return undefined;
  const token = BEARER.exec(trimmed)?.[1];
  if (token === undefined || token.length > MAX_BEARER_LENGTH) return undefined;
  return token;
}
