import { useState } from 'react';
import { IconButton } from '../../components/icon-button';
import { Icon } from '../../components/icons';
import type { PairRow } from './server-form-model';
import './pair-rows-editor.css';

/** Editable key/value rows with a "secret" checkbox; secret values are masked until revealed. */
export function PairRowsEditor({
  label,
  rows,
  onChange,
  error,
  keyPlaceholder,
}: {
  label: string;
  rows: PairRow[];
  onChange: (rows: PairRow[]) => void;
  error?: string;
  keyPlaceholder: string;
}) {
  const [revealed, setRevealed] = useState<Set<number>>(new Set());
  const update = (index: number, patch: Partial<PairRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="pairs">
      <legend>{label}</legend>
      {rows.length === 0 && <p className="muted small">None.</p>}
      {rows.map((row, i) => (
        <div className="pair-row" key={i}>
          <input
            aria-label={`${label} ${i + 1} name`}
            placeholder={keyPlaceholder}
            className="mono"
            value={row.key}
            onChange={(e) => update(i, { key: e.target.value })}
          />
          <input
            aria-label={`${label} ${i + 1} value`}
            placeholder="value"
            className="mono"
            type={row.secret && !revealed.has(i) ? 'password' : 'text'}
            autoComplete="off"
            value={row.value}
            onChange={(e) => update(i, { value: e.target.value })}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={row.secret}
              onChange={(e) => update(i, { secret: e.target.checked })}
            />
            Secret
          </label>
          {row.secret && (
            <IconButton
              icon="eye"
              size={14}
              label={revealed.has(i) ? `Hide ${row.key || 'value'}` : `Show ${row.key || 'value'}`}
              aria-pressed={revealed.has(i)}
              onClick={() => {
                const next = new Set(revealed);
                if (next.has(i)) next.delete(i);
                else next.add(i);
                setRevealed(next);
              }}
            />
          )}
          <IconButton
            icon="x"
            size={12}
            label={`Remove ${label} ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        className="link-button"
        onClick={() => onChange([...rows, { key: '', value: '', secret: false }])}
      >
        <Icon name="plus" size={12} /> Add {label.toLowerCase().replace(/s$/, '')}
      </button>
    </fieldset>
  );
}
