import { useMemo, useState } from 'react';
import type { Action, DecisionView, Role, Rule, ToolView } from '../../../../shared/model';
import { IconButton } from '../../components/icon-button';
import { Icon } from '../../components/icons';
import { useAction } from '../../components/use-action';
import {
  argumentsFor,
  fromRuleDrafts,
  toRuleDraft,
  type RuleDraft,
} from '../../stores/condition-draft';
import { countMatches } from '../../stores/permissions-filter';
import { moveRule } from '../../stores/permissions-logic';
import { ConditionsEditor } from './conditions-editor';
import { RoleActions, type RoleActionsApi } from './role-actions';
import { SimulateCall } from './simulate-call';
import './permissions.css';

/**
 * A role's ordered rules, first match wins: reorder, edit, delete, add, each with the count
 * of tools its pattern matches and its conditions; saved with setRules. The role picker carries
 * the role's own actions (new, rename, delete); below, a call can be simulated for the role.
 */
export function RulesEditor({
  roles,
  tools,
  onSave,
  onExplain,
  roleActions,
}: {
  roles: Role[];
  tools: readonly ToolView[];
  onSave: (role: string, rules: Rule[]) => Promise<void>;
  onExplain: (role: string, tool: string, args: Record<string, unknown>) => Promise<DecisionView>;
  roleActions: RoleActionsApi;
}) {
  const [roleName, setRoleName] = useState(roles[0]?.name ?? '');
  const role = roles.find((r) => r.name === roleName) ?? roles[0];
  const saved = useMemo(() => (role?.rules ?? []).map(toRuleDraft), [role]);
  const [draft, setDraft] = useState<RuleDraft[]>(saved);
  const { busy, run } = useAction();
  // A pushed change (another window, an "always" approval) resets the draft to the saved rules,
  // during this render so the stale draft is never shown.
  const [seen, setSeen] = useState(saved);
  if (seen !== saved) {
    setSeen(saved);
    setDraft(saved);
  }
  if (!role) return null;
  const built = fromRuleDrafts(draft);
  const dirty = !('rules' in built) || JSON.stringify(built.rules) !== JSON.stringify(role.rules);
  const update = (i: number, patch: Partial<RuleDraft>) =>
    setDraft(draft.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const problem = 'problem' in built ? built.problem : undefined;
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
            <li key={i} className="rule-block">
              <div className="rule-row">
                <span className="rule-index muted">{i + 1}</span>
                <input
                  aria-label={`Pattern of rule ${i + 1}`}
                  className="mono"
                  value={rule.pattern}
                  aria-describedby={`rule-${i + 1}-matches`}
                  aria-invalid={rule.pattern.trim() === '' ? true : undefined}
                  onChange={(e) => update(i, { pattern: e.target.value })}
                />
                <MatchCount tools={tools} pattern={rule.pattern} n={i + 1} />
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
                <IconButton
                  icon="chevronUp"
                  size={12}
                  label={`Move rule ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => setDraft(moveRule(draft, i, -1))}
                />
                <IconButton
                  icon="chevronDown"
                  size={12}
                  label={`Move rule ${i + 1} down`}
                  disabled={i === draft.length - 1}
                  onClick={() => setDraft(moveRule(draft, i, 1))}
                />
                <IconButton
                  icon="trash"
                  size={14}
                  danger
                  label={`Delete rule ${i + 1}`}
                  onClick={() => setDraft(draft.filter((_, j) => j !== i))}
                />
              </div>
              <ConditionsEditor
                n={i + 1}
                conditions={rule.conditions}
                args={argumentsFor(tools, rule.pattern)}
                onChange={(conditions) => update(i, { conditions })}
              />
            </li>
          ))}
        </ol>
      )}
      <div className="rules-foot">
        <button
          type="button"
          className="link-button"
          onClick={() => setDraft([...draft, { pattern: '', action: 'ask', conditions: [] }])}
        >
          <Icon name="plus" size={12} /> Add rule
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="button"
          disabled={!dirty || busy}
          onClick={() => setDraft(saved)}
        >
          Revert
        </button>
        <button
          type="button"
          className="button primary"
          disabled={!dirty || busy || problem !== undefined}
          title={problem}
          onClick={() => {
            if ('rules' in built) {
              void run(() => onSave(role.name, built.rules), `Saved the rules of ${role.name}`);
            }
          }}
        >
          Save rules
        </button>
      </div>
      {problem && dirty && (
        <p className="field-error small" role="status">
          {problem}
        </p>
      )}
      <SimulateCall role={role.name} tools={tools} dirty={dirty} onExplain={onExplain} />
    </section>
  );
}

/** How many known tools a pattern matches, updated as it is typed. */
function MatchCount({
  tools,
  pattern,
  n,
}: {
  tools: readonly ToolView[];
  pattern: string;
  n: number;
}) {
  const count = countMatches(tools, pattern);
  return (
    <span
      className="match-count"
      id={`rule-${n}-matches`}
      data-none={pattern.trim() !== '' && count === 0 ? '' : undefined}
      aria-live="polite"
    >
      {count} tool{count === 1 ? '' : 's'}
    </span>
  );
}
