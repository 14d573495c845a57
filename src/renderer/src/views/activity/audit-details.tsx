import type { AuditEntry } from '../../../../shared/model';
import { Dialog } from '../../components/dialog';
import { formatDateTime, formatMs } from '../../components/format';
import { ActionBadge } from '../../components/status';
import { revealInvisible } from '../../components/invisible-text';
import { InvisibleWarning, VisibleText } from '../../components/visible-text';
import { OutcomeBadge } from './outcome-badge';

/** Everything the audit log knows about one call. */
export function AuditDetails({ entry, onClose }: { entry: AuditEntry; onClose: () => void }) {
  return (
    <Dialog
      title={`Call to ${revealInvisible(entry.tool)}`}
      open
      onClose={onClose}
      wide
      footer={
        <button type="button" className="button primary" onClick={onClose}>
          Close
        </button>
      }
    >
      <InvisibleWarning
        texts={[entry.tool, entry.argsPreview, entry.error, entry.result]}
        what="This call"
      />
      <dl className="kv">
        <dt>Time</dt>
        <dd>{formatDateTime(entry.time)}</dd>
        <dt>Key · role</dt>
        <dd>
          {entry.keyName} · {entry.role}
        </dd>
        <dt>Method</dt>
        <dd className="mono">{entry.method}</dd>
        <dt>Server</dt>
        <dd className="mono">
          {entry.serverId}
          {entry.answeredBy && entry.answeredBy !== entry.serverId
            ? ` (answered by ${entry.answeredBy})`
            : ''}
        </dd>
        <dt>Decision</dt>
        <dd>
          <ActionBadge action={entry.decision} />{' '}
          <span className="muted">by {entry.decidedBy}</span>
        </dd>
        <dt>Outcome</dt>
        <dd>
          <OutcomeBadge outcome={entry.outcome} />
        </dd>
        <dt>Duration</dt>
        <dd>
          {formatMs(entry.durationMs)}
          {entry.cacheHit ? ' · from cache' : ''}
          {entry.startMs !== undefined
            ? ` · ${formatMs(entry.startMs)} waiting for the server to start`
            : ''}
        </dd>
        {entry.waitMs !== undefined && (
          <>
            <dt>Waited for a person</dt>
            <dd>{formatMs(entry.waitMs)}</dd>
          </>
        )}
        {entry.serverMs !== undefined && (
          <>
            <dt>Server time</dt>
            <dd>{formatMs(entry.serverMs)}</dd>
          </>
        )}
        <dt>Arguments digest</dt>
        <dd className="mono small break">{entry.argsDigest}</dd>
        {entry.error && (
          <>
            <dt>Error</dt>
            <dd className="text-bad">
              <VisibleText text={entry.error} />
            </dd>
          </>
        )}
      </dl>
      <h4 className="section-label">Arguments (redacted preview)</h4>
      <pre className="code">
        {entry.argsPreview ? <VisibleText text={entry.argsPreview} /> : '—'}
      </pre>
      {entry.result !== undefined && (
        <>
          <h4 className="section-label">
            {entry.outcome === 'error' ? 'Error result' : 'Result'} (secrets masked)
          </h4>
          <pre className="code audit-result">
            <VisibleText text={entry.result} />
          </pre>
        </>
      )}
    </Dialog>
  );
}
