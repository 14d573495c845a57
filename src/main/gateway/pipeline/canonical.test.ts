import { describe, expect, it } from 'vitest';
import { canonicalJson, digestOf } from './canonical.js';

describe('canonicalJson', () => {
  it('sorts object keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text for equal values whatever the key order', () => {
    expect(canonicalJson({ path: '/a', encoding: 'utf8' })).toBe(
      canonicalJson({ encoding: 'utf8', path: '/a' }),
    );
  });

  it('keeps array order', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('writes primitives as JSON does', () => {
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson(1.5)).toBe('1.5');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson('')).toBe('""');
  });

  it('drops undefined properties, so a missing and an undefined key agree', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('writes undefined (top level or in an array) as null, like JSON.stringify in arrays', () => {
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([undefined, 1])).toBe(JSON.stringify([undefined, 1]));
  });

  it('escapes keys, so a key cannot fake structure', () => {
    expect(canonicalJson({ 'a":1,"b': 2 })).toBe('{"a\\":1,\\"b":2}');
    expect(canonicalJson({ 'a":1,"b': 2 })).not.toBe(canonicalJson({ a: 1, b: 2 }));
  });

  it('tells a string from a number', () => {
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  });

  it('is valid JSON equal to the input', () => {
    const value = { z: [{ b: 'x', a: [null, false] }], a: { '': 0 } };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});

describe('digestOf', () => {
  it('is the hex SHA-256 of the canonical JSON', () => {
    // sha256('{"a":1}')
    expect(digestOf({ a: 1 })).toBe(
      '015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862',
    );
  });

  it('is equal for reordered keys and differs for different values', () => {
    expect(digestOf({ a: 1, b: [1, 2] })).toBe(digestOf({ b: [1, 2], a: 1 }));
    expect(digestOf({ a: 1, b: [1, 2] })).not.toBe(digestOf({ a: 1, b: [2, 1] }));
    expect(digestOf({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
