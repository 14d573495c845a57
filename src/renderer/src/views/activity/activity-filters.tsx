import { useEffect, useState } from 'react';
import { OutcomeSchema } from '../../../../shared/model';
import { Icon } from '../../components/icons';
import type { AuditFilters } from '../../stores/audit-filter';

/** Role, server, outcome and free text; text is applied after a short pause in typing. */
export function ActivityFilters({
  filters,
  roles,
  servers,
  onChange,
}: {
  filters: AuditFilters;
  roles: string[];
  servers: string[];
  onChange: (patch: Partial<AuditFilters>) => void;
}) {
  const [text, setText] = useState(filters.text);
  useEffect(() => {
    if (text === filters.text) return;
    const timer = setTimeout(() => onChange({ text }), 250);
    return () => clearTimeout(timer);
  }, [text, filters.text, onChange]);
  return (
    <div className="toolbar-row filters" role="group" aria-label="Filters">
      <label className="search">
        <Icon name="search" size={14} />
        <input
          type="search"
          aria-label="Search activity"
          placeholder="Tool, key, arguments…"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <select
        aria-label="Role"
        value={filters.role}
        onChange={(e) => onChange({ role: e.target.value })}
      >
        <option value="">All roles</option>
        {roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <select
        aria-label="Server"
        value={filters.server}
        onChange={(e) => onChange({ server: e.target.value })}
      >
        <option value="">All servers</option>
        {servers.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select
        aria-label="Outcome"
        value={filters.outcome}
        onChange={(e) => onChange({ outcome: e.target.value as AuditFilters['outcome'] })}
      >
        <option value="">All outcomes</option>
        {OutcomeSchema.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}
