import { useCallback, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { AuditEntry } from '../../../../shared/model';
import { formatDateTime } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/status';
import { ViewHeader } from '../../components/view-header';
import { useStores } from '../../stores-context';
import { isFiltered, type AuditFilters } from '../../stores/audit-filter';
import { ActivityFilters } from './activity-filters';
import { ActivityTable } from './activity-table';
import { ActivityToolbar } from './activity-toolbar';
import { AuditDetails } from './audit-details';
import './activity.css';

/** The audit log on disk, browsed newest first: filters over the whole log, live or paused. */
export function ActivityView() {
  const stores = useStores();
  const activity = stores.activity;
  const rows = useStore(activity, (s) => s.rows);
  const filters = useStore(activity, (s) => s.filters);
  const status = useStore(activity, (s) => s.status);
  const error = useStore(activity, (s) => s.error);
  const cursor = useStore(activity, (s) => s.cursor);
  const scannedTo = useStore(activity, (s) => s.scannedTo);
  const loadingMore = useStore(activity, (s) => s.loadingMore);
  const roles = useStore(stores.permissions, (s) => s.roles);
  const servers = useStore(stores.servers, (s) => s.servers);
  const keys = useStore(stores.keys, (s) => s.keys);
  const [selected, setSelected] = useState<AuditEntry>();
  const open = useCallback((entry: AuditEntry) => setSelected(entry), []);
  const more = useCallback(() => void activity.getState().loadMore(), [activity]);
  const setFilters = useCallback(
    (patch: Partial<AuditFilters>) => void activity.getState().setFilters(patch),
    [activity],
  );
  const keyNames = useMemo(() => {
    const names = new Set(keys.map((k) => k.name));
    if (filters.key) names.add(filters.key);
    return [...names].sort();
  }, [keys, filters.key]);
  const filtered = isFiltered(filters);
  return (
    <section className="view activity-view" aria-labelledby="activity-title">
      <ViewHeader
        id="activity-title"
        title="Activity"
        subtitle="Every agent call, as the audit log on disk recorded it."
      />
      <ActivityFilters
        filters={filters}
        keys={keyNames}
        roles={roles.map((r) => r.name)}
        servers={servers.map((s) => s.status.id)}
        onChange={setFilters}
      />
      <ActivityToolbar />
      {status === 'loading' && rows.length === 0 ? (
        <Loading what="activity" />
      ) : status === 'error' ? (
        <LoadError title="Could not read the audit log" error={error} />
      ) : rows.length === 0 && !cursor ? (
        <EmptyState icon="list" title={filtered ? 'No matching calls' : 'No calls yet'}>
          <p>
            {filtered
              ? 'Nothing in the whole audit log matches. Try fewer filters.'
              : 'Calls appear here as agents use the gateway.'}
          </p>
        </EmptyState>
      ) : (
        <>
          <ActivityTable rows={rows} onOpen={open} onNearEnd={more} />
          <p className="muted small activity-status" role="status">
            {rows.length.toLocaleString()} {rows.length === 1 ? 'call' : 'calls'} shown
            {cursor
              ? scannedTo
                ? ` · searched back to ${formatDateTime(new Date(scannedTo).toISOString())}`
                : ''
              : ' · the whole log was searched'}
            {loadingMore ? ' · reading older calls…' : ''}
            {cursor && !loadingMore && (
              <button type="button" className="button small activity-more" onClick={more}>
                Load older calls
              </button>
            )}
          </p>
        </>
      )}
      {selected && <AuditDetails entry={selected} onClose={() => setSelected(undefined)} />}
    </section>
  );
}
