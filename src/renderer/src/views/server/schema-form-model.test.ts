import { describe, expect, it } from 'vitest';
import { fieldsOf, initialValues, toArguments } from './schema-form-model';

// The filesystem server's edit_file-like schema and a few more shapes a server may send.
const schema = {
  type: 'object',
  properties: {
    dryRun: { type: 'boolean', default: false, description: 'Preview only' },
    path: { type: 'string', minLength: 1, description: 'The file' },
    mode: { enum: ['fast', 'safe'] },
    count: { type: 'integer', minimum: 1, maximum: 10 },
    ratio: { type: ['number', 'null'] },
    edits: { type: 'array', items: { type: 'object' } },
    options: { type: 'object' },
    anything: {},
    strict: { type: 'boolean' },
    code: { type: 'string', pattern: '^[A-Z]{3}$' },
    level: { enum: [1, 2, '2'] },
  },
  required: ['path', 'count', 'strict'],
};

describe('fieldsOf', () => {
  it('reads each property as a field, required ones first, with kinds and constraints', () => {
    const fields = fieldsOf(schema);
    expect(fields.map((f) => f.name).slice(0, 3)).toEqual(['path', 'count', 'strict']);
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName.path).toMatchObject({ kind: 'string', required: true, minLength: 1 });
    expect(byName.count).toMatchObject({ kind: 'integer', minimum: 1, maximum: 10 });
    expect(byName.ratio?.kind).toBe('number');
    expect(byName.mode).toMatchObject({ kind: 'enum', options: ['"fast"', '"safe"'] });
    expect(byName.level?.options).toEqual(['1', '2', '"2"']);
    expect(byName.edits).toMatchObject({ kind: 'json', jsonType: 'array' });
    expect(byName.options).toMatchObject({ kind: 'json', jsonType: 'object' });
    expect(byName.anything).toMatchObject({ kind: 'json', jsonType: 'any' });
    expect(byName.strict).toMatchObject({ kind: 'boolean', initial: false });
    expect(byName.dryRun).toMatchObject({ kind: 'boolean', initial: 'false' });
  });

  it('reads a schema without properties as no fields', () => {
    expect(fieldsOf({ type: 'object' })).toEqual([]);
    expect(fieldsOf({ type: 'object', properties: 'nonsense' })).toEqual([]);
  });
});

describe('toArguments', () => {
  const fields = fieldsOf(schema);
  const values = (patch: Record<string, string | boolean>) => ({
    ...initialValues(fields),
    ...patch,
  });

  it('builds typed arguments and leaves empty optional fields out', () => {
    const out = toArguments(
      fields,
      values({
        path: '/tmp/a',
        count: '3',
        strict: true,
        mode: '"safe"',
        level: '"2"',
        edits: '[{"oldText":"a"}]',
        dryRun: '',
      }),
    );
    expect(out).toEqual({
      ok: true,
      args: {
        path: '/tmp/a',
        count: 3,
        strict: true,
        mode: 'safe',
        level: '2',
        edits: [{ oldText: 'a' }],
      },
    });
  });

  it('keeps an optional boolean set to false, and the default of a required checkbox', () => {
    const out = toArguments(fields, values({ path: 'p', count: '1', dryRun: 'false' }));
    expect(out).toMatchObject({ ok: true, args: { dryRun: false, strict: false } });
  });

  it('says what is wrong with each field', () => {
    const out = toArguments(
      fields,
      values({
        count: '2.5',
        ratio: 'abc',
        edits: '{"a":1}',
        options: '[1]',
        anything: '{oops',
        code: 'abcd',
      }),
    );
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors).toEqual({
      path: 'Required.',
      count: 'Enter a whole number.',
      ratio: 'Enter a number.',
      edits: 'Enter a JSON array, like ["a", "b"].',
      options: 'Enter a JSON object, like {"key": "value"}.',
      anything: expect.stringMatching(/^Not valid JSON: /),
      code: 'Must match the pattern ^[A-Z]{3}$.',
    });
  });

  it('checks bounds on numbers and lengths', () => {
    const low = toArguments(fields, values({ path: 'p', count: '0' }));
    expect(low).toMatchObject({ ok: false, errors: { count: 'At least 1.' } });
    const high = toArguments(fields, values({ path: 'p', count: '11' }));
    expect(high).toMatchObject({ ok: false, errors: { count: 'At most 10.' } });
  });

  it('sends a string of spaces as typed: only an empty string counts as not given', () => {
    const out = toArguments(fields, values({ path: '  ', count: '1' }));
    expect(out).toMatchObject({ ok: true, args: { path: '  ' } });
  });
});
