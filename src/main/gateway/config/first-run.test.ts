import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigSchema, type Config } from '../../../shared/model.js';
import {
  ADMIN_KEY_FILE,
  CONTROL_TOKEN_FILE,
  ensureAdminKey,
  ensureControlToken,
} from './first-run.js';
import { KEY_PREFIX, hashKey, keyRecord } from '../http/keys.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchboard-first-run-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const posix = process.platform !== 'win32';

function config(over: Partial<Config> = {}): Config {
  return ConfigSchema.parse({
    version: 1,
    roles: [{ name: 'admin', rules: [{ pattern: '*', action: 'allow' }] }, { name: 'coder' }],
    ...over,
  });
}

describe('ensureAdminKey', () => {
  it('creates an admin key on a first run and writes only the key to admin-key.txt', () => {
    const before = config();
    const snapshot = structuredClone(before);
    const { config: after, file } = ensureAdminKey(dataDir, before);

    expect(file).toBe(join(dataDir, ADMIN_KEY_FILE));
    const text = readFileSync(file!, 'utf8');
    const key = text.trim();
    expect(text).toBe(`${key}\n`);
    expect(key.startsWith(KEY_PREFIX)).toBe(true);
    expect(after.keys).toHaveLength(1);
    expect(after.keys[0]).toMatchObject({ name: 'admin', role: 'admin', hash: hashKey(key) });
    // Only the hash is stored in the config.
    expect(JSON.stringify(after)).not.toContain(key);
    expect(ConfigSchema.parse(after)).toEqual(after);
    // The input is not mutated.
    expect(before).toEqual(snapshot);
  });

  it.runIf(posix)('writes the key file with mode 0600', () => {
    const { file } = ensureAdminKey(dataDir, config());
    expect(statSync(file!).mode & 0o777).toBe(0o600);
  });

  it('does nothing when any key exists', () => {
    const existing = config({ keys: [keyRecord('laptop', 'coder', 'sb_x', 0)] });
    const result = ensureAdminKey(dataDir, existing);
    expect(result.config).toBe(existing);
    expect(result.file).toBeUndefined();
    expect(existsSync(join(dataDir, ADMIN_KEY_FILE))).toBe(false);
  });

  it('does nothing when there is no admin role to give the key', () => {
    const noAdmin = config({ roles: config().roles.filter((r) => r.name !== 'admin') });
    const result = ensureAdminKey(dataDir, noAdmin);
    expect(result).toEqual({ config: noAdmin });
    expect(existsSync(join(dataDir, ADMIN_KEY_FILE))).toBe(false);
  });

  it('creates a new key on each first run (never reuses an old file)', () => {
    const first = readFileSync(ensureAdminKey(dataDir, config()).file!, 'utf8');
    const second = readFileSync(ensureAdminKey(dataDir, config()).file!, 'utf8');
    expect(second).not.toBe(first);
  });
});

describe('ensureControlToken', () => {
  it('creates a token on first use and reuses it afterwards', () => {
    const token = ensureControlToken(dataDir);
    expect(token).toMatch(/^sbc_[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(join(dataDir, CONTROL_TOKEN_FILE), 'utf8')).toBe(`${token}\n`);
    expect(ensureControlToken(dataDir)).toBe(token);
  });

  it.runIf(posix)('writes the token file with mode 0600', () => {
    ensureControlToken(dataDir);
    expect(statSync(join(dataDir, CONTROL_TOKEN_FILE)).mode & 0o777).toBe(0o600);
  });

  it('reuses a token written by another process, ignoring surrounding whitespace', () => {
    const token = `sbc_${'t'.repeat(40)}`;
    writeFileSync(join(dataDir, CONTROL_TOKEN_FILE), `  ${token}\r\n`);
    expect(ensureControlToken(dataDir)).toBe(token);
  });

  it('replaces a file too short to be a token', () => {
    writeFileSync(join(dataDir, CONTROL_TOKEN_FILE), 'short\n');
    const token = ensureControlToken(dataDir);
    expect(token).toMatch(/^sbc_/);
    expect(readFileSync(join(dataDir, CONTROL_TOKEN_FILE), 'utf8')).toBe(`${token}\n`);
  });
});

describe('an admin key made again (the config lost its keys)', () => {
  it('moves the old admin-key.txt aside instead of overwriting it, and says where', () => {
    writeFileSync(join(dataDir, ADMIN_KEY_FILE), 'sb_old-key\n');
    const result = ensureAdminKey(dataDir, config());
    expect(result.warning).toMatch(
      /old admin-key\.txt \(no longer valid\) was moved to admin-key\.replaced-/,
    );
    const aside = result.warning!.match(/admin-key\.replaced-[^ ]+\.txt/)![0];
    expect(readFileSync(join(dataDir, aside), 'utf8')).toBe('sb_old-key\n');
    expect(readFileSync(join(dataDir, ADMIN_KEY_FILE), 'utf8')).not.toContain('sb_old-key');
  });
});
