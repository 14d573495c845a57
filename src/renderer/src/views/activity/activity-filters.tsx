import { useEffect, useState } from 'react';
import { ActionSchema, OutcomeSchema } from '../../../../shared/model';
import { AnyOfSelect, SearchBox } from '../../components/filter-controls';
import type { AuditFilters, TimeRange } from '../../stores/audit-filter';

const RANGE_LABELS: Record<TimeRange, string> = {
  '': 'Any time',
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  custom: 'Between…',
};

/** A text filter applied after a short pause in typing, so each key press is not a query. */
function useDebounced(
  value: string,
  apply: (value: string) => void,
): [string, (v: string) => void] {
  const [draft, setDraft] = useState(value);
  // A new value from outside (a cleared filter, a link) replaces the draft during this render,
  // so the stale draft is never shown nor applied.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
  }
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => apply(draft), 300);
    return () => clearTimeout(timer);
  }, [draft, value, apply]);
  return [draft, setDraft];
}

/** Time range, key, role, server, tool, decision, outcome and free text, over the whole log. */
export function ActivityFilters({
  filters,
  keys,
  roles,
  servers,
  onChange,
}: {
  filters: AuditFilters;
  keys: string[];
  roles: string[];
  servers: string[];
  onChange: (patch: Partial<AuditFilters>) => void;
}) {
  const [text, setText] = useDebounced(filters.text, (v) => onChange({ text: v }));
  const [tool, setTool] = useDebounced(filters.tool, (v) => onChange({ tool: v }));
  const select = (
    label: string,
    value: string,
    all: string,
    options: readonly string[],
    patch: (v: string) => Partial<AuditFilters>,
  ) => (
    <AnyOfSelect
      label={label}
      all={all}
      value={value}
      options={options}
      onChange={(v) => onChange(patch(v))}
    />
  );
  return (
    <div className="toolbar-row filters activity-filters" role="group" aria-label="Filters">
      <SearchBox
        label="Search activity"
        placeholder="Tool, key, arguments, result…"
        value={text}
        onChange={setText}
      />
      <select
        aria-label="Time range"
        value={filters.range}
        onChange={(e) => onChange({ range: e.target.value as TimeRange })}
      >
        {(Object.keys(RANGE_LABELS) as TimeRange[]).map((r) => (
          <option key={r} value={r}>
            {RANGE_LABELS[r]}
          </option>
        ))}
      </select>
      {filters.range === 'custom' && (
        <>
          <input
            type="datetime-local"
            aria-label="From"
            step={1}
            value={filters.from}
            onChange={(e) => onChange({ from: e.target.value })}
          />
          <input
            type="datetime-local"
            aria-label="To"
            step={1}
            value={filters.to}
            onChange={(e) => onChange({ to: e.target.value })}
          />
        </>
      )}
      {select('Key', filters.key, 'All keys', keys, (key) => ({ key }))}
      {select('Role', filters.role, 'All roles', roles, (role) => ({ role }))}
      {select('Server', filters.server, 'All servers', servers, (server) => ({ server }))}
      <input
        type="search"
        className="activity-tool"
        aria-label="Tool"
        placeholder="Tool name"
        value={tool}
        onChange={(e) => setTool(e.target.value)}
      />
      {select('Decision', filters.decision, 'All decisions', ActionSchema.options, (d) => ({
        decision: d as AuditFilters['decision'],
      }))}
      {select('Outcome', filters.outcome, 'All outcomes', OutcomeSchema.options, (o) => ({
        outcome: o as AuditFilters['outcome'],
      }))}
    </div>
  );
}
