import { useEffect, useState } from 'react';
import type { Action, Role, Rule } from '../../../../shared/model';
import { Icon } from '../../components/icons';
import { useAction } from '../../components/use-action';
import { moveRule } from '../../stores/permissions-logic';
import { RoleActions, type RoleActionsApi } from './role-actions';

/**
 * A role's ordered rules, first match wins: reorder, edit, delete, add; saved with setRules.
 * The role picker carries the role's own actions: new, rename, delete.
 */
export function RulesEditor({
  roles,
  onSave,
  roleActions,
}: {
  roles: Role[];
  onSave: (role: string, rules: Rule[]) => Promise<void>;
  roleActions: RoleActionsApi;
}) {
  const [roleName, setRoleName] = useState(roles[0]?.name ?? '');
  const role = roles.find((r) => r.name === roleName) ?? roles[0];
  const [draft, setDraft] = useState<Rule[]>(role?.rules ?? []);
  const { busy, run } = useAction();
  // A pushed change (another window, an "always" approval) resets the draft to the saved rules.
  useEffect(() => setDraft(role?.rules ?? []), [role]);
  if (!role) return null;
  const dirty = JSON.stringify(draft) !== JSON.stringify(role.rules);
  const update = (i: number, patch: Partial<Rule>) =>
    setDraft(draft.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const invalid = draft.some((r) => r.pattern.trim() === '');
  return (
    <section className="card rules-editor" aria-labelledby="rules-title">
      <div className="rules-head">
        <h2 id="rules-title">Rules</h2>
        <label className="inline-field">
          Role
          <select value={role.name} onChange={(e) => setRoleName(e.target.value)}>
            {roles.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <RoleActions role={role} roles={roles} actions={roleActions} onSelect={setRoleName} />
        <p className="muted small">
          Checked top to bottom; the first pattern that matches decides. <code>*</code> matches any
          text, e.g. <code>github__*</code>.
        </p>
      </div>
      {draft.length === 0 ? (
        <p className="muted rules-empty">
          No rules: every tool gets its default (from the server or its annotations).
        </p>
      ) : (
        <ol className="rules-list" aria-label={`Rules of ${role.name}`}>
          {draft.map((rule, i) => (
            <li key={i} className="rule-row">
              <span className="rule-index muted">{i + 1}</span>
              <input
                aria-label={`Pattern of rule ${i + 1}`}
                className="mono"
                value={rule.pattern}
                aria-invalid={rule.pattern.trim() === '' ? true : undefined}
                onChange={(e) => update(i, { pattern: e.target.value })}
              />
              <select
                aria-label={`Action of rule ${i + 1}`}
                value={rule.action}
                className={`action-select bulk-${rule.action}`}
                onChange={(e) => update(i, { action: e.target.value as Action })}
              >
                <option value="allow">✓ Allow</option>
                <option value="ask">? Ask</option>
                <option value="deny">✕ Deny</option>
              </select>
              <button
                type="button"
                className="icon-button"
                aria-label={`Move rule ${i + 1} up`}
                disabled={i === 0}
                onClick={() => setDraft(moveRule(draft, i, -1))}
              >
                <Icon name="chevronUp" size={12} />
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Move rule ${i + 1} down`}
                disabled={i === draft.length - 1}
                onClick={() => setDraft(moveRule(draft, i, 1))}
              >
                <Icon name="chevronDown" size={12} />
              </button>
              <button
                type="button"
                className="icon-button danger"
                aria-label={`Delete rule ${i + 1}`}
                onClick={() => setDraft(draft.filter((_, j) => j !== i))}
              >
                <Icon name="trash" size={14} />
              </button>
            </li>
          ))}
        </ol>
      )}
      <div className="rules-foot">
        <button
          type="button"
          className="link-button"
          onClick={() => setDraft([...draft, { pattern: '', action: 'ask' }])}
        >
          <Icon name="plus" size={12} /> Add rule
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="button"
          disabled={!dirty || busy}
          onClick={() => setDraft(role.rules)}
        >
          Revert
        </button>
        <button
          type="button"
          className="button primary"
          disabled={!dirty || busy || invalid}
          onClick={() =>
            void run(
              () =>
                onSave(
                  role.name,
                  draft.map((r) => ({ ...r, pattern: r.pattern.trim() })),
                ),
              `Saved the rules of ${role.name}`,
            )
          }
        >
          Save rules
        </button>
      </div>
    </section>
  );
}
