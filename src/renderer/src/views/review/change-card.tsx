import type { ChangeView } from '../../../../shared/model';
import { Icon, type IconName } from '../../components/icons';
import { toneClass, type Tone } from '../../components/tone';
import { revealInvisible } from '../../components/invisible-text';
import { InvisibleWarning, VisibleText } from '../../components/visible-text';
import { classifyDiff, diffStats, REASON_LABEL } from '../../stores/changes-logic';
import './review.css';

export type DecideChange = (change: ChangeView, decision: 'accept' | 'reject') => void;

const REASON_ICON: Record<ChangeView['reason'], IconName> = {
  changed: 'edit',
  new: 'plus',
  flagged: 'warning',
};

const REASON_TONE: Record<ChangeView['reason'], Tone> = {
  changed: 'warn',
  new: 'info',
  flagged: 'danger',
};

const REASON_HINT: Record<ChangeView['reason'], string> = {
  changed: 'Its definition changed after you accepted it.',
  new: 'It appeared on a server you had already accepted.',
  flagged: 'The scanner found text in it aimed at the model.',
};

/** Why a tool waits, as icon + word + colour (never colour alone). */
export function ReasonBadge({ reason }: { reason: ChangeView['reason'] }) {
  return (
    <span className={`reason reason-${reason} ${toneClass(REASON_TONE[reason])}`}>
      <Icon name={REASON_ICON[reason]} size={12} />
      {REASON_LABEL[reason]}
    </span>
  );
}

/**
 * One tool waiting for review: which, why, what the scanner found, the diff, and the two
 * answers. Every string here comes from a server nobody vetted yet: React renders it as text.
 */
export function ChangeCard({
  change,
  busy,
  onDecide,
}: {
  change: ChangeView;
  busy: boolean;
  onDecide: DecideChange;
}) {
  const lines = classifyDiff(change.diff);
  const { added, removed } = diffStats(lines);
  const titleId = `change-${change.id}`;
  return (
    <article className="card change" aria-labelledby={titleId} data-change-id={change.id}>
      <header className="change-head">
        <div>
          <h2 id={titleId} className="change-tool">
            <span className="muted">{change.server} ›</span>{' '}
            <span className="mono">
              <VisibleText text={change.tool} />
            </span>
          </h2>
          <p className="muted small">
            {REASON_HINT[change.reason]} Agents cannot see it meanwhile.
          </p>
        </div>
        <ReasonBadge reason={change.reason} />
      </header>
      <InvisibleWarning texts={[change.tool, change.diff]} what="This tool" />
      {change.flags.length > 0 && (
        <div className="callout callout-warn" role="group" aria-label="Scanner warnings">
          <Icon name="warning" size={14} />
          <ul className="warning-list">
            {change.flags.map((flag, i) => (
              <li key={i}>
                <VisibleText text={flag} />
              </li>
            ))}
          </ul>
        </div>
      )}
      <div>
        <div className="args-head">
          <span className="section-label">Diff</span>
          <span className="muted small" title={`${added} added, ${removed} removed`}>
            <span className="diff-count-add">+{added}</span>{' '}
            <span className="diff-count-remove">−{removed}</span>
          </span>
        </div>
        <pre className="code diff" aria-label={`Diff of ${revealInvisible(change.tool)}`}>
          {lines.map((line, i) => (
            <span key={i} className={`diff-line diff-${line.kind}`}>
              {line.text === '' ? ' ' : <VisibleText text={line.text} />}
            </span>
          ))}
        </pre>
      </div>
      <footer className="approval-actions">
        <span className="spacer" />
        <button
          type="button"
          className="button destructive-quiet"
          disabled={busy}
          onClick={() => onDecide(change, 'reject')}
        >
          Reject
        </button>
        <button
          type="button"
          className="button primary"
          disabled={busy}
          onClick={() => onDecide(change, 'accept')}
        >
          Accept
        </button>
      </footer>
    </article>
  );
}
