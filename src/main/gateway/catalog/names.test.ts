import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_EXPOSED_NAME, NAME_SEPARATOR, exposedName, nameProblem } from './names.js';

/** The server id an exposed name belongs to: everything before the first `__`. */
const serverOf = (exposed: string) => exposed.slice(0, exposed.indexOf(NAME_SEPARATOR));

describe('exposedName', () => {
  it('joins the server id and the name with "__" when the result fits', () => {
    expect(exposedName('fs', 'read_file')).toBe('fs__read_file');
    expect(exposedName('fs', 'a__b')).toBe('fs__a__b');
  });

  it('keeps a name of exactly 64 characters as it is', () => {
    const name = 'x'.repeat(MAX_EXPOSED_NAME - 'fs__'.length);
    expect(exposedName('fs', name)).toBe(`fs__${name}`);
    expect(exposedName('fs', name)).toHaveLength(64);
  });

  it('shortens a longer name to exactly 64 characters: <server>__<head>_<12-char digest>', () => {
    const name = 'y'.repeat(61);
    const short = exposedName('fs', name);
    expect(short).toHaveLength(MAX_EXPOSED_NAME);
    expect(short).toMatch(/^fs__y+_[a-z2-7]{12}$/);
    expect(short.startsWith(`fs__${'y'.repeat(64 - 4 - 13)}_`)).toBe(true);
  });

  it('is stable: the short form depends only on the server id and the name', () => {
    const name = `search_${'very_long_'.repeat(10)}`;
    expect(exposedName('github', name)).toBe(exposedName('github', name));
    // Recomputed from the documented definition, so a change of the digest (which would break
    // saved rules and clients' tool lists) is noticed.
    const head = name.slice(0, 64 - 'github__'.length - 13);
    expect(exposedName('github', name)).toBe(`github__${head}_${digestOf('github', name)}`);
  });

  it('gives two long names with the same head different digests', () => {
    const head = 'z'.repeat(80);
    const a = exposedName('fs', `${head}_alpha`);
    const b = exposedName('fs', `${head}_beta`);
    expect(a).not.toBe(b);
    expect(a.slice(0, -12)).toBe(b.slice(0, -12));
  });

  it('shortens within the limit even for the longest server id (32 characters)', () => {
    const id = `a${'b'.repeat(30)}c`;
    const short = exposedName(id, 'n'.repeat(200));
    expect(short).toHaveLength(64);
    expect(serverOf(short)).toBe(id);
  });

  it('never lets two servers produce the same name (the first "__" ends the server id)', () => {
    const ids = ['a', 'a-b', 'ab', 'b', 'a-b-c', 'x1'];
    const names = [
      'b',
      '-b',
      'b__c',
      '_b',
      'c',
      'b-c',
      '__c',
      'q'.repeat(70),
      `b__${'c'.repeat(70)}`,
    ];
    const seen = new Map<string, string>();
    for (const id of ids) {
      for (const name of names) {
        const exposed = exposedName(id, name);
        expect(serverOf(exposed)).toBe(id);
        const owner = seen.get(exposed);
        expect(owner === undefined || owner === `${id}/${name}`, `${exposed} from ${owner}`).toBe(
          true,
        );
        seen.set(exposed, `${id}/${name}`);
      }
    }
    // The same long name on two servers shortens to two different names.
    expect(exposedName('a', 'q'.repeat(70))).not.toBe(exposedName('b', 'q'.repeat(70)));
  });
});

describe('nameProblem', () => {
  it('accepts A-Z a-z 0-9 _ - .', () => {
    expect(nameProblem('read_file')).toBeUndefined();
    expect(nameProblem('Get-Item.v2')).toBeUndefined();
    expect(nameProblem('a__b')).toBeUndefined();
  });

  it('refuses an empty name', () => {
    expect(nameProblem('')).toBe('the name is empty');
  });

  it.each([
    ['Cyrillic look-alike "е"', 'r\u0435ad_file'],
    ['Cyrillic look-alike "а"', '\u0430dmin'],
    ['zero-width space', 'read\u200bfile'],
    ['zero-width joiner', 'read\u200dfile'],
    ['byte-order mark', '\ufeffread'],
    ['right-to-left override', 'read\u202efile'],
    ['left-to-right mark', 'read\u200efile'],
    ['right-to-left isolate', '\u2067read'],
    ['space', 'read file'],
    ['slash', 'read/file'],
    ['newline', 'read\nfile'],
    ['fullwidth letter', 'ｒead'],
  ])('refuses a %s, never renames it', (_what, name) => {
    const problem = nameProblem(name);
    expect(problem).toContain('outside A-Z a-z 0-9 _ - .');
    expect(problem).toContain(JSON.stringify(name));
  });
});

/** The digest as names.ts documents it: 12 base32 characters of SHA-256 over `server \0 name`. */
function digestOf(serverId: string, name: string): string {
  const bytes = createHash('sha256').update(`${serverId}\0${name}`).digest();
  return [...bytes.subarray(0, 12)].map((b) => 'abcdefghijklmnopqrstuvwxyz234567'[b & 31]).join('');
}
