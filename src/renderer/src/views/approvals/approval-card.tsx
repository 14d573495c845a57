import { useMemo, useState } from 'react';
import type { ApprovalView, RuleCondition } from '../../../../shared/model';
import { formatCountdown } from '../../components/format';
import { Icon } from '../../components/icons';
import { Tag } from '../../components/status';
import { InvisibleWarning, VisibleText } from '../../components/visible-text';
import { formatArgs } from './args-format';
import { alwaysScopes, ruleText } from './narrow-always';
import './approvals.css';

export type Decide = (
  id: string,
  decision: 'approve' | 'deny',
  always: boolean,
  conditions?: RuleCondition[],
  forMinutes?: number,
) => void;

/** One waiting call: who, what, with which arguments, how long is left, and the four answers. */
export function ApprovalCard({
  approval,
  now,
  busy,
  onDecide,
}: {
  approval: ApprovalView;
  now: number;
  busy: boolean;
  onDecide: Decide;
}) {
  const [showAll, setShowAll] = useState(false);
  const { text, truncated } = formatArgs(approval.arguments, !showAll);
  // Counted on the whole arguments: a hidden character past the cut still warns.
  const fullText = showAll ? text : formatArgs(approval.arguments, false).text;
  const left = approval.expiresAt - now;
  const total = Math.max(1, approval.expiresAt - approval.createdAt);
  const toolName = approval.tool.startsWith(`${approval.serverId}__`)
    ? approval.tool.slice(approval.serverId.length + 2)
    : approval.tool;
  const titleId = `approval-${approval.id}`;
  const scopes = useMemo(() => alwaysScopes(approval.arguments), [approval.arguments]);
  const [scopeId, setScopeId] = useState(scopes[0]!.id);
  const scope = scopes.find((s) => s.id === scopeId) ?? scopes[0]!;
  const ruleId = `${titleId}-rule`;
  return (
    <article
      className="card approval"
      data-approval-id={approval.id}
      aria-labelledby={titleId}
      tabIndex={0}
    >
      <header className="approval-head">
        <div>
          <h2 id={titleId} className="approval-tool">
            <span className="muted">{approval.serverId} ›</span>{' '}
            <span className="mono">
              <VisibleText text={toolName} />
            </span>
          </h2>
          <p className="approval-who">
            <Icon name="key" size={12} /> <strong>{approval.keyName}</strong>{' '}
            <Tag>{approval.role}</Tag>
          </p>
        </div>
        <div
          className={`countdown${left < 15_000 ? ' countdown-urgent' : ''}`}
          aria-label={`Expires in ${formatCountdown(left)}`}
        >
          <span className="countdown-time">{formatCountdown(left)}</span>
          <span className="countdown-bar" aria-hidden="true">
            <span style={{ width: `${Math.max(0, Math.min(100, (left / total) * 100))}%` }} />
          </span>
        </div>
      </header>
      <InvisibleWarning texts={[approval.tool, approval.description, fullText]} what="This call" />
      {approval.description && (
        <p className="approval-description">
          <VisibleText text={approval.description} />
        </p>
      )}
      <div className="args">
        <div className="args-head">
          <span className="section-label">Arguments</span>
          {(truncated || showAll) && (
            <button
              type="button"
              className="link-button"
              aria-expanded={showAll}
              onClick={() => setShowAll(!showAll)}
            >
              {showAll ? 'Show less' : 'Show all'}
            </button>
          )}
        </div>
        <pre className="code" aria-label="Arguments">
          <VisibleText text={text} />
        </pre>
      </div>
      <div className="always-scope">
        <label>
          <span className="section-label">Always for</span>
          <select value={scope.id} onChange={(e) => setScopeId(e.target.value)}>
            {scopes.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <p id={ruleId} className="small muted">
          “Always” writes the rule{' '}
          <code className="mono">{ruleText(approval.tool, scope, 'allow', now)}</code> (or{' '}
          <code>→ deny</code>) first among the rules of <strong>{approval.role}</strong>.
        </p>
      </div>
      <footer className="approval-actions">
        <button
          type="button"
          className="button destructive-quiet"
          disabled={busy}
          aria-describedby={ruleId}
          onClick={() => onDecide(approval.id, 'deny', true, scope.conditions, scope.forMinutes)}
        >
          Always deny
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          aria-describedby={ruleId}
          onClick={() => onDecide(approval.id, 'approve', true, scope.conditions, scope.forMinutes)}
        >
          Always allow
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => onDecide(approval.id, 'deny', false)}
          aria-keyshortcuts="d"
        >
          Deny <kbd>D</kbd>
        </button>
        <button
          type="button"
          className="button primary"
          disabled={busy}
          onClick={() => onDecide(approval.id, 'approve', false)}
          aria-keyshortcuts="a"
        >
          Approve <kbd>A</kbd>
        </button>
      </footer>
    </article>
  );
}
