import type { DecisionView } from '../../../../shared/model';
import { ActionBadge } from '../../components/status';
import { nextAction } from '../../stores/permissions-logic';

/**
 * One tool × role decision. Solid when a rule decides it, outlined with a "default" marker when
 * the server or annotation default does. A click cycles allow → ask → deny.
 */
export function PermissionCell({
  tool,
  role,
  decision,
  busy,
  onCycle,
}: {
  tool: string;
  role: string;
  decision: DecisionView | undefined;
  busy: boolean;
  onCycle: () => void;
}) {
  if (!decision) return <td className="cell-empty">—</td>;
  const fromRule = decision.source === 'rule';
  return (
    <td>
      <button
        type="button"
        className={`cell${fromRule ? ' cell-rule' : ' cell-default'}`}
        aria-label={`${tool} for ${role}: ${decision.action}${fromRule ? '' : ' (default)'}. Change to ${nextAction(decision.action)}`}
        title={decision.reason}
        // Not `disabled` while a change runs: a disabled button drops the keyboard focus.
        aria-disabled={busy || undefined}
        onClick={onCycle}
      >
        <ActionBadge action={decision.action} muted={!fromRule} />
        {!fromRule && <span className="default-marker">default</span>}
      </button>
    </td>
  );
}
