import type { ReactNode } from 'react';
import { IconButton } from '../../components/icon-button';
import { Icon } from '../../components/icons';
import {
  CONDITION_KINDS,
  fromConditionDraft,
  newConditionDraft,
  type ConditionDraft,
  type ConditionKind,
} from '../../stores/condition-draft';

const PLACEHOLDER: Partial<Record<ConditionKind, string>> = {
  inside: '/home/me/project',
  outside: '/etc',
  'host-in': 'docs.example.com, *.python.org',
  'host-not-in': 'internal.example.com',
  'sql-is': 'select',
  'sql-not': 'ddl, write',
  matches: 'git (status|log)( .*)?',
};

/**
 * The conditions of one rule: which argument (from the tools' input schemas), what must hold
 * of it, and the value; all must hold for the rule to decide. `n` numbers the rule in labels.
 */
export function ConditionsEditor({
  n,
  conditions,
  args,
  onChange,
}: {
  n: number;
  conditions: ConditionDraft[];
  /** The arguments the rule's tools take; empty when no matching tool is known. */
  args: string[];
  onChange: (conditions: ConditionDraft[]) => void;
}) {
  const update = (j: number, patch: Partial<ConditionDraft>) =>
    onChange(conditions.map((c, k) => (k === j ? { ...c, ...patch } : c)));
  return (
    <>
      {conditions.length > 0 && (
        <div className="conditions" role="group" aria-label={`Conditions of rule ${n}`}>
          {conditions.map((c, j) => {
            const label = `condition ${j + 1} of rule ${n}`;
            const result = fromConditionDraft(c);
            const problem = 'problem' in result ? result.problem : undefined;
            const problemId = `rule-${n}-condition-${j + 1}-problem`;
            return (
              <div key={j} className="condition-row">
                <span className="condition-if">{j === 0 ? 'if' : 'and'}</span>
                <ArgumentPicker
                  label={`Argument of ${label}`}
                  value={c.arg}
                  args={args}
                  onChange={(arg) => update(j, { arg })}
                />
                <select
                  aria-label={`Kind of ${label}`}
                  value={c.kind}
                  onChange={(e) => update(j, { kind: e.target.value as ConditionKind })}
                >
                  {CONDITION_KINDS.map((k) => (
                    <option key={k.id} value={k.id}>
                      {k.label}
                    </option>
                  ))}
                </select>
                <ValueFields
                  draft={c}
                  label={label}
                  describedBy={problem ? problemId : undefined}
                  onChange={(patch) => update(j, patch)}
                />
                <IconButton
                  icon="trash"
                  size={14}
                  danger
                  label={`Remove ${label}`}
                  onClick={() => onChange(conditions.filter((_, k) => k !== j))}
                />
                {problem && (
                  <span id={problemId} className="field-error small">
                    {problem}
                  </span>
                )}
              </div>
            );
          })}
        </div>
      )}
      <div className="condition-actions">
        <button
          type="button"
          className="link-button"
          onClick={() => onChange([...conditions, newConditionDraft(args)])}
        >
          <Icon name="plus" size={12} /> Add condition to rule {n}
        </button>
      </div>
    </>
  );
}

function ArgumentPicker({
  label,
  value,
  args,
  onChange,
}: {
  label: string;
  value: string;
  args: string[];
  onChange: (arg: string) => void;
}) {
  // Without a known tool (server stopped) the name is typed; the gateway checks it on save.
  if (args.length === 0) {
    return (
      <input
        aria-label={label}
        className="mono condition-number"
        placeholder="argument"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  const options = args.includes(value) || value === '' ? args : [value, ...args];
  return (
    <select
      aria-label={label}
      className="mono"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      {value === '' && <option value="">argument…</option>}
      {options.map((a) => (
        <option key={a} value={a}>
          {a}
        </option>
      ))}
    </select>
  );
}

function ValueFields({
  draft,
  label,
  describedBy,
  onChange,
}: {
  draft: ConditionDraft;
  label: string;
  describedBy: string | undefined;
  onChange: (patch: Partial<ConditionDraft>) => void;
}): ReactNode {
  if (draft.kind === 'present' || draft.kind === 'absent') return null;
  if (draft.kind === 'between') {
    return (
      <>
        <input
          aria-label={`Lowest value of ${label}`}
          className="condition-number"
          inputMode="decimal"
          placeholder="min"
          value={draft.min}
          aria-describedby={describedBy}
          onChange={(e) => onChange({ min: e.target.value })}
        />
        <span className="muted small">and</span>
        <input
          aria-label={`Highest value of ${label}`}
          className="condition-number"
          inputMode="decimal"
          placeholder="max"
          value={draft.max}
          aria-describedby={describedBy}
          onChange={(e) => onChange({ max: e.target.value })}
        />
      </>
    );
  }
  return (
    <input
      aria-label={`Value of ${label}`}
      className="mono condition-value"
      placeholder={PLACEHOLDER[draft.kind]}
      value={draft.text}
      aria-invalid={describedBy ? true : undefined}
      aria-describedby={describedBy}
      onChange={(e) => onChange({ text: e.target.value })}
    />
  );
}
