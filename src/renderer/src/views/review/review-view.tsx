import { useCallback } from 'react';
import { useStore } from 'zustand';
import { EmptyState, LoadError, Loading } from '../../components/status';
import { useAction } from '../../components/use-action';
import { ViewHeader } from '../../components/view-header';
import { useStores } from '../../stores-context';
import { ChangeCard, type DecideChange } from './change-card';

/** Tools waiting for review: each with its diff, accepted or rejected by a person. */
export function ReviewView() {
  const stores = useStores();
  const { changes, status, error } = useStore(stores.changes);
  const { busy, run } = useAction();
  const decide: DecideChange = useCallback(
    (change, decision) => {
      void run(
        async () => {
          const { result } = await stores.changes.getState().decide(change.id, decision);
          if (result === 'not-found')
            throw new Error(
              `${change.server} › ${change.tool} no longer waits (decided elsewhere, or it changed again).`,
            );
        },
        decision === 'accept'
          ? `Accepted ${change.tool}: agents see it again`
          : `Rejected ${change.tool}: it stays hidden`,
      );
    },
    [run, stores.changes],
  );
  return (
    <section className="view" aria-labelledby="review-title">
      <ViewHeader
        id="review-title"
        title="Review"
        subtitle={
          changes.length > 0
            ? `${changes.length} ${changes.length === 1 ? 'tool waits' : 'tools wait'} for you · hidden from agents until accepted`
            : 'Tools that changed, appeared, or look suspicious wait here, hidden from agents.'
        }
      />
      {status === 'loading' && changes.length === 0 ? (
        <Loading what="tools to review" />
      ) : status === 'error' ? (
        <LoadError
          title="Could not load tools to review"
          error={error}
          onRetry={() => void stores.changes.getState().load()}
        />
      ) : changes.length === 0 ? (
        <EmptyState icon="check" title="No tool waits for review">
          <p>
            When a server changes a tool you accepted, adds a tool, or describes one with
            instructions aimed at the model, the tool is hidden and shown here with a diff.
          </p>
        </EmptyState>
      ) : (
        <div className="approval-list" role="list" aria-label="Tools waiting for review">
          {changes.map((change) => (
            <div role="listitem" key={change.id}>
              <ChangeCard change={change} busy={busy} onDecide={decide} />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
