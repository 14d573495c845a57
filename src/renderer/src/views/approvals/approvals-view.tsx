import { useCallback, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { NotifyButton } from '../../components/approval-alerts';
import { EmptyState, LoadError, Loading } from '../../components/status';
import { useAction } from '../../components/use-action';
import { useNow } from '../../components/use-now';
import { ViewHeader } from '../../components/view-header';
import { useStores } from '../../stores-context';
import { ApprovalCard, type Decide } from './approval-card';

/** Whether a key press belongs to a text field rather than to our shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Calls waiting for a person, newest first; `a` approves and `d` denies the focused or first one. */
export function ApprovalsView() {
  const stores = useStores();
  const { approvals, status, error } = useStore(stores.approvals);
  const now = useNow();
  const { busy, run } = useAction();
  const decide: Decide = useCallback(
    (id, decision, always, conditions, forMinutes) => {
      const verb = decision === 'approve' ? 'Approved' : 'Denied';
      void run(
        async () => {
          const { result } = await stores.approvals
            .getState()
            .decide(id, decision, always, conditions, forMinutes);
          if (result === 'already-settled')
            throw new Error('That call was already settled (decided elsewhere or timed out).');
        },
        `${verb}${always ? ' and saved a rule' : ''}`,
      );
    },
    [run, stores.approvals],
  );
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      if (key !== 'a' && key !== 'd') return;
      const focused = document.activeElement?.closest<HTMLElement>('[data-approval-id]');
      const id = focused?.dataset.approvalId ?? approvals[0]?.id;
      if (!id) return;
      event.preventDefault();
      decide(id, key === 'a' ? 'approve' : 'deny', false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [approvals, decide]);
  useFocusNamedCard(approvals.length);
  return (
    <section className="view" aria-labelledby="approvals-title">
      <ViewHeader
        id="approvals-title"
        title="Approvals"
        subtitle={
          approvals.length > 0 ? (
            <>
              {approvals.length} waiting · <kbd>A</kbd> approve · <kbd>D</kbd> deny (focused or
              first card)
            </>
          ) : (
            'Calls that a rule set to “ask” wait here for you.'
          )
        }
      >
        <NotifyButton />
      </ViewHeader>
      {status === 'loading' && approvals.length === 0 ? (
        <Loading what="approvals" />
      ) : status === 'error' ? (
        <LoadError title="Could not load approvals" error={error} />
      ) : approvals.length === 0 ? (
        <EmptyState icon="check" title="Nothing waiting">
          <p>When an agent calls a tool set to “Ask”, it appears here and in a notification.</p>
        </EmptyState>
      ) : (
        <div className="approval-list" role="list" aria-label="Pending approvals">
          {approvals.map((approval) => (
            <div role="listitem" key={approval.id}>
              <ApprovalCard approval={approval} now={now} busy={busy} onDecide={decide} />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

/**
 * Focuses the card `#/approvals/<id>` names (a toast's or a notification's Open), once it is
 * rendered, so `a`/`d` and Tab act on it at once.
 */
function useFocusNamedCard(count: number) {
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    const ask = () => setAsked((n) => n + 1);
    window.addEventListener('switchboard:focus-approval', ask);
    return () => window.removeEventListener('switchboard:focus-approval', ask);
  }, []);
  useEffect(() => {
    const id = /^#\/approvals\/(.+)$/.exec(location.hash)?.[1];
    if (!id) return;
    const card = document.querySelector<HTMLElement>(
      `[data-approval-id="${CSS.escape(decodeURIComponent(id))}"].approval`,
    );
    if (!card) return;
    card.focus();
    history.replaceState(history.state, '', '#/approvals');
  }, [count, asked]);
}
