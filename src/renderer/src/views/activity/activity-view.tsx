import { useState } from 'react';
import { useStore } from 'zustand';
import type { AuditEntry } from '../../../../shared/model';
import { formatMs, formatTime } from '../../components/format';
import { ActionBadge, EmptyState, LoadError, Loading } from '../../components/status';
import { ViewHeader } from '../../components/view-header';
import { useStores } from '../../stores-context';
import { NO_FILTERS } from '../../stores/audit-filter';
import { ActivityFilters } from './activity-filters';
import { AuditDetails } from './audit-details';
import { OutcomeBadge } from './outcome-badge';

/** The audit log, newest first, live. */
export function ActivityView() {
  const stores = useStores();
  const { entries, filters, status, error, setFilters } = useStore(stores.activity);
  const roles = useStore(stores.permissions, (s) => s.roles);
  const servers = useStore(stores.servers, (s) => s.servers);
  const [selected, setSelected] = useState<AuditEntry>();
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  return (
    <section className="view" aria-labelledby="activity-title">
      <ViewHeader
        id="activity-title"
        title="Activity"
        subtitle="Every agent call, as the audit log recorded it."
      />
      <ActivityFilters
        filters={filters}
        roles={roles.map((r) => r.name)}
        servers={servers.map((s) => s.status.id)}
        onChange={setFilters}
      />
      {status === 'loading' && entries.length === 0 ? (
        <Loading what="activity" />
      ) : status === 'error' ? (
        <LoadError title="Could not read the audit log" error={error} />
      ) : entries.length === 0 ? (
        <EmptyState icon="list" title={filtered ? 'No matching calls' : 'No calls yet'}>
          <p>{filtered ? 'Try fewer filters.' : 'Calls appear here as agents use the gateway.'}</p>
        </EmptyState>
      ) : (
        <div className="card table-scroll">
          <table className="table" aria-label="Audit log">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Key</th>
                <th scope="col">Role</th>
                <th scope="col">Tool</th>
                <th scope="col">Server</th>
                <th scope="col">Decision</th>
                <th scope="col">Outcome</th>
                <th scope="col" className="num">
                  Duration
                </th>
                <th scope="col">Cache</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry, i) => (
                <tr
                  key={`${entry.time}-${entry.argsDigest}-${i}`}
                  className="clickable"
                  tabIndex={0}
                  onClick={() => setSelected(entry)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      setSelected(entry);
                    }
                  }}
                >
                  <td className="mono small nowrap">{formatTime(entry.time)}</td>
                  <td>{entry.keyName}</td>
                  <td>{entry.role}</td>
                  <td className="mono ellipsis" title={entry.tool}>
                    {entry.tool}
                  </td>
                  <td className="mono">{entry.serverId}</td>
                  <td className="nowrap">
                    <ActionBadge action={entry.decision} />{' '}
                    <span className="muted small">{entry.decidedBy}</span>
                  </td>
                  <td>
                    <OutcomeBadge outcome={entry.outcome} />
                  </td>
                  <td
                    className="num mono small"
                    title={
                      entry.startMs !== undefined
                        ? `${formatMs(entry.startMs)} of it waiting for a cold start`
                        : undefined
                    }
                  >
                    {formatMs(entry.durationMs)}
                    {entry.startMs !== undefined && <span className="muted"> cold</span>}
                  </td>
                  <td>
                    {entry.cacheHit ? (
                      <span className="tag tag-good">hit</span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected && <AuditDetails entry={selected} onClose={() => setSelected(undefined)} />}
    </section>
  );
}
