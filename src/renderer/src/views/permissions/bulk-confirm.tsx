import type { Action, ToolView } from '../../../../shared/model';
import { Dialog, DialogActions, SheetError, useSheetAction } from '../../components/dialog';
import { bulkImpact } from '../../stores/permissions-filter';

/** A bulk change the person picked and has yet to confirm. */
export interface BulkRequest {
  role: string;
  pattern: string;
  action: Action;
  /** What the pattern covers, in words: "every tool", "every fixture tool". */
  scope: string;
}

const VERB: Record<Action, string> = { allow: 'Allow', ask: 'Ask for', deny: 'Deny' };

/**
 * Asks before a bulk change, with the count of tools it covers and of those whose decision
 * changes: one pick of "Deny all" rewrites a whole column, so it is never applied at once.
 */
export function BulkConfirm({
  request,
  tools,
  onConfirm,
  onClose,
}: {
  request: BulkRequest;
  tools: readonly ToolView[];
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { role, pattern, action, scope } = request;
  const { matched, changed } = bulkImpact(tools, role, pattern, action);
  const noun = (n: number) => `${n} tool${n === 1 ? '' : 's'}`;
  const { busy, error, submit } = useSheetAction(onClose);
  return (
    <Dialog
      title={`${VERB[action]} ${noun(matched)} for ${role}?`}
      open
      onClose={onClose}
      footer={
        <DialogActions
          onCancel={onClose}
          label={`${VERB[action]} ${noun(matched)}`}
          busyLabel="Applying…"
          busy={busy}
          onConfirm={() => void submit(onConfirm)}
        />
      }
    >
      <div className="form">
        <p>
          This sets {scope} ({noun(matched)}) to <strong>{action}</strong> for role{' '}
          <strong>{role}</strong>:{' '}
          {changed === 0 ? 'none of them changes' : `${noun(changed)} change`}.
        </p>
        <p className="muted small">
          It writes the rule <code>{pattern}</code> → {action} at the top of the role&apos;s rules,
          where it outranks every rule below it. Undo puts the rules back.
        </p>
        <SheetError error={error} />
      </div>
    </Dialog>
  );
}
