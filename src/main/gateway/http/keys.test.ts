import { describe, expect, it } from 'vitest';
import { KeyRecordSchema } from '../../../shared/model.js';
import { createKeyRing, generateKey, hashKey, keyRecord, parseBearer } from './keys.js';
import type { Clock } from '../ports.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const clockAt = (ms: number): Clock => ({ now: () => ms });

describe('generateKey / hashKey', () => {
  it('makes distinct sb_ keys of 256 random bits', () => {
    const a = generateKey();
    expect(a).toMatch(/^sb_[A-Za-z0-9_-]{43}$/);
    expect(generateKey()).not.toBe(a);
  });

  it('hashes to lower-case hex SHA-256', () => {
    expect(hashKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('keyRecord', () => {
  it('stores only the hash and a short prefix, and validates', () => {
    const key = generateKey();
    const record = keyRecord('claude', 'coder', key, T0, T0 + 1000);
    expect(KeyRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      name: 'claude',
      role: 'coder',
      hash: hashKey(key),
      prefix: key.slice(0, 8),
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-01T00:00:01.000Z',
    });
    expect(JSON.stringify(record)).not.toContain(key.slice(8));
    expect(keyRecord('x', 'admin', key, T0)).not.toHaveProperty('expiresAt');
  });
});

describe('createKeyRing', () => {
  const keyA = generateKey();
  const keyB = generateKey();
  const records = [
    keyRecord('a', 'admin', keyA, T0),
    keyRecord('b', 'planner', keyB, T0, T0 + 60_000),
  ];

  it('finds the record of a presented key, wherever it sits', () => {
    const ring = createKeyRing(records, clockAt(T0));
    expect(ring.verify(keyA)?.name).toBe('a');
    expect(ring.verify(keyB)?.name).toBe('b');
  });

  it('rejects a wrong, missing, empty or absurd key', () => {
    const ring = createKeyRing(records, clockAt(T0));
    expect(ring.verify(generateKey())).toBeUndefined();
    expect(ring.verify(keyA.slice(0, -1))).toBeUndefined();
    expect(ring.verify(undefined)).toBeUndefined();
    expect(ring.verify('')).toBeUndefined();
    expect(ring.verify('x'.repeat(10_000))).toBeUndefined();
    expect(ring.verify(records[0]!.hash)).toBeUndefined();
  });

  it('rejects an expired key at and after its expiry', () => {
    expect(createKeyRing(records, clockAt(T0 + 59_999)).verify(keyB)?.name).toBe('b');
    expect(createKeyRing(records, clockAt(T0 + 60_000)).verify(keyB)).toBeUndefined();
    expect(createKeyRing(records, clockAt(T0 + 99_999_999)).verify(keyA)?.name).toBe('a');
  });

  it('fails closed on an unparseable expiry and ignores a malformed stored hash', () => {
    const bad = [
      { ...keyRecord('c', 'admin', keyA, T0), expiresAt: 'soon' },
      { ...keyRecord('d', 'admin', keyB, T0), hash: 'zz' },
    ];
    const ring = createKeyRing(bad, clockAt(T0));
    expect(ring.verify(keyA)).toBeUndefined();
    expect(ring.verify(keyB)).toBeUndefined();
  });

  it('works with no records', () => {
    expect(createKeyRing([], clockAt(T0)).verify(keyA)).toBeUndefined();
  });
});

describe('parseBearer', () => {
  it.each([
    ['Bearer sb_abc', 'sb_abc'],
    ['bearer sb_abc', 'sb_abc'],
    ['BEARER   sb_abc  ', 'sb_abc'],
    ['  Bearer\tsb_abc', 'sb_abc'],
  ])('reads %j', (header, token) => {
    expect(parseBearer(header)).toBe(token);
  });

  it.each([
    [undefined],
    [''],
    ['Bearer'],
    ['Bearer '],
    ['Basic dXNlcjpwYXNz'],
    ['Bearer a b'],
    ['sb_abc'],
    ['Bearersb_abc'],
    [`Bearer ${'x'.repeat(513)}`],
    [`Bearer ${'x'.repeat(100_000)}`],
  ])('rejects %j', (header) => {
    expect(parseBearer(header)).toBeUndefined();
  });

  it('accepts a 512-character token', () => {
    expect(parseBearer(`Bearer ${'x'.repeat(512)}`)).toHaveLength(512);
  });
});
