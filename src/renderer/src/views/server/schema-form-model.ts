/**
 * A form from a tool's JSON Schema: one field per top-level property, typed inputs for strings,
 * numbers, integers, booleans and enums, and JSON text for everything else (arrays, objects,
 * unions), with the schema's own constraints checked before a call is sent. Pure, so it is
 * tested under Node.
 */

/** How a property is edited. */
export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';

/** One form field, read from a property of the input schema. */
export interface SchemaField {
  name: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  /** For `enum`: each allowed value, JSON-encoded (so 1 and "1" stay apart). */
  options?: string[];
  /** For `json`: what the value must be (`array`, `object`, or anything). */
  jsonType?: 'array' | 'object' | 'any';
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** The value the form starts with (from the schema's `default`). */
  initial: FieldValue;
}

/** A field's value as the form holds it: text for inputs, a boolean for a checkbox. */
export type FieldValue = string | boolean;

type Schema = Record<string, unknown>;

const asSchema = (value: unknown): Schema =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : {};

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** The one JSON type a property names, ignoring `null` in a type list. */
function typeOf(schema: Schema): string | undefined {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const types = type.filter((t) => t !== 'null');
    return types.length === 1 && typeof types[0] === 'string' ? types[0] : undefined;
  }
  return undefined;
}

function kindOf(schema: Schema): FieldKind {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return 'enum';
  if ('const' in schema) return 'enum';
  const type = typeOf(schema);
  if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean') {
    return type;
  }
  return 'json';
}

function initialOf(kind: FieldKind, schema: Schema, required: boolean): FieldValue {
  const value = schema.default;
  if (kind === 'boolean') {
    if (required) return value === true;
    return typeof value === 'boolean' ? String(value) : '';
  }
  if (value === undefined) return '';
  if (kind === 'enum' || kind === 'json')
    return JSON.stringify(value, null, kind === 'json' ? 2 : 0);
  return String(value);
}

/** The fields of an input schema, required ones first in the schema's order. */
export function fieldsOf(inputSchema: Record<string, unknown>): SchemaField[] {
  const properties = asSchema(inputSchema.properties);
  const required = new Set(
    Array.isArray(inputSchema.required)
      ? inputSchema.required.filter((r) => typeof r === 'string')
      : [],
  );
  const fields = Object.entries(properties).map(([name, raw]): SchemaField => {
    const schema = asSchema(raw);
    const kind = kindOf(schema);
    const isRequired = required.has(name);
    const options =
      kind === 'enum'
        ? (Array.isArray(schema.enum) ? schema.enum : [schema.const]).map((v) => JSON.stringify(v))
        : undefined;
    const type = typeOf(schema);
    return {
      name,
      kind,
      required: isRequired,
      ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      ...(options ? { options } : {}),
      ...(kind === 'json'
        ? { jsonType: type === 'array' || type === 'object' ? type : 'any' }
        : {}),
      ...pick({
        minimum: num(schema.minimum),
        maximum: num(schema.maximum),
        minLength: num(schema.minLength),
        maxLength: num(schema.maxLength),
        pattern: typeof schema.pattern === 'string' ? schema.pattern : undefined,
      }),
      initial: initialOf(kind, schema, isRequired),
    };
  });
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
}

function pick<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

/** Every field's starting value. */
export function initialValues(fields: SchemaField[]): Record<string, FieldValue> {
  return Object.fromEntries(fields.map((f) => [f.name, f.initial]));
}

/** The call's arguments, or what is wrong, field by field, in words a person can act on. */
export type FormOutcome =
  { ok: true; args: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/** Turns the form's values into arguments, checking each against its field. */
export function toArguments(
  fields: SchemaField[],
  values: Record<string, FieldValue>,
): FormOutcome {
  const args: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const read = readField(field, values[field.name] ?? field.initial);
    if ('error' in read) errors[field.name] = read.error;
    else if (read.value !== undefined) args[field.name] = read.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, args };
}

type Read = { value: unknown } | { error: string };

function readField(field: SchemaField, raw: FieldValue): Read {
  if (typeof raw === 'boolean') return { value: raw };
  if (raw.trim() === '' && !(field.kind === 'string' && raw !== '')) {
    return field.required ? { error: 'Required.' } : { value: undefined };
  }
  switch (field.kind) {
    case 'string':
      return checkString(field, raw);
    case 'number':
    case 'integer':
      return checkNumber(field, raw);
    case 'boolean':
      return { value: raw === 'true' };
    case 'enum':
      return { value: JSON.parse(raw) as unknown };
    case 'json':
      return checkJson(field, raw);
  }
}

function checkString(field: SchemaField, raw: string): Read {
  if (field.minLength !== undefined && raw.length < field.minLength) {
    return { error: `At least ${field.minLength} characters.` };
  }
  if (field.maxLength !== undefined && raw.length > field.maxLength) {
    return { error: `At most ${field.maxLength} characters.` };
  }
  if (field.pattern !== undefined) {
    let matches = true;
    try {
      matches = new RegExp(field.pattern, 'u').test(raw);
    } catch {
      // A pattern the browser cannot read is left for the server to judge.
    }
    if (!matches) return { error: `Must match the pattern ${field.pattern}.` };
  }
  return { value: raw };
}

function checkNumber(field: SchemaField, raw: string): Read {
  const value = Number(raw.trim());
  if (!Number.isFinite(value)) return { error: 'Enter a number.' };
  if (field.kind === 'integer' && !Number.isInteger(value)) {
    return { error: 'Enter a whole number.' };
  }
  if (field.minimum !== undefined && value < field.minimum) {
    return { error: `At least ${field.minimum}.` };
  }
  if (field.maximum !== undefined && value > field.maximum) {
    return { error: `At most ${field.maximum}.` };
  }
  return { value };
}

function checkJson(field: SchemaField, raw: string): Read {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { error: `Not valid JSON: ${error instanceof Error ? error.message : 'unreadable'}.` };
  }
  if (field.jsonType === 'array' && !Array.isArray(value)) {
    return { error: 'Enter a JSON array, like ["a", "b"].' };
  }
  if (
    field.jsonType === 'object' &&
    (value === null || typeof value !== 'object' || Array.isArray(value))
  ) {
    return { error: 'Enter a JSON object, like {"key": "value"}.' };
  }
  return { value };
}
