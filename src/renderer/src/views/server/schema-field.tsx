import { Field } from '../../components/field';
import type { FieldValue, SchemaField } from './schema-form-model';

/** One field of a "Try it" form, typed by its schema; `idPrefix` keeps ids unique per form. */
export function SchemaFieldInput({
  field,
  value,
  error,
  idPrefix,
  onChange,
}: {
  field: SchemaField;
  value: FieldValue;
  error?: string;
  idPrefix: string;
  onChange: (value: FieldValue) => void;
}) {
  const id = `${idPrefix}-${field.name.replace(/\W+/g, '-')}`;
  const hint = [field.description, hintOf(field)].filter(Boolean).join(' · ') || undefined;
  if (field.kind === 'boolean' && typeof value === 'boolean') {
    return (
      <Field label={field.name} id={id} required hint={hint} error={error}>
        {(props) => (
          <input
            {...props}
            type="checkbox"
            className="schema-checkbox"
            checked={value}
            onChange={(e) => onChange(e.target.checked)}
          />
        )}
      </Field>
    );
  }
  const text = typeof value === 'string' ? value : String(value);
  const common = { required: field.required, 'aria-required': field.required };
  return (
    <Field label={field.name} id={id} required={field.required} hint={hint} error={error}>
      {(props) =>
        field.kind === 'boolean' || field.kind === 'enum' ? (
          <select {...props} {...common} value={text} onChange={(e) => onChange(e.target.value)}>
            <option value="">{field.required ? 'Choose…' : '(not set)'}</option>
            {(field.kind === 'boolean' ? ['true', 'false'] : (field.options ?? [])).map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        ) : field.kind === 'json' ? (
          <textarea
            {...props}
            {...common}
            className="mono"
            rows={4}
            spellCheck={false}
            value={text}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input
            {...props}
            {...common}
            type="text"
            inputMode={field.kind === 'string' ? undefined : 'decimal'}
            spellCheck={false}
            autoComplete="off"
            value={text}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}

/** What the schema asks of the value, in a few words. */
function hintOf(field: SchemaField): string | undefined {
  switch (field.kind) {
    case 'json':
      return field.jsonType === 'any' ? 'JSON' : `JSON ${field.jsonType}`;
    case 'integer':
    case 'number': {
      const bounds = [
        field.minimum !== undefined ? `≥ ${field.minimum}` : '',
        field.maximum !== undefined ? `≤ ${field.maximum}` : '',
      ].filter(Boolean);
      return [field.kind === 'integer' ? 'whole number' : 'number', ...bounds].join(' ');
    }
    default:
      return undefined;
  }
}
