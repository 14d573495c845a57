import type { Role } from '../../../../shared/model';
import { AnyOfSelect, SearchBox } from '../../components/filter-controls';
import type { StateFilter, ToolFilter } from '../../stores/permissions-filter';

const STATES: { id: StateFilter; label: string }[] = [
  { id: 'all', label: 'Any decision' },
  { id: 'ask-deny', label: 'Only ask or deny' },
  { id: 'explicit', label: 'Only explicit rules' },
  { id: 'differs', label: 'Differs from default' },
];

/** Search, server, state and role-column filters above the grid. */
export function PermissionsFilters({
  filter,
  servers,
  roles,
  shown,
  total,
  onChange,
}: {
  filter: ToolFilter;
  servers: string[];
  roles: Role[];
  shown: number;
  total: number;
  onChange: (filter: ToolFilter) => void;
}) {
  const set = (patch: Partial<ToolFilter>) => onChange({ ...filter, ...patch });
  const toggleRole = (name: string, visible: boolean) =>
    set({
      hiddenRoles: visible
        ? filter.hiddenRoles.filter((r) => r !== name)
        : [...filter.hiddenRoles, name],
    });
  const visibleCount = roles.length - filter.hiddenRoles.length;
  return (
    <div className="permissions-filters" role="search" aria-label="Filter tools">
      <SearchBox
        label="Search tools"
        placeholder="Search names, descriptions, annotations"
        value={filter.query}
        onChange={(query) => set({ query })}
      />
      <AnyOfSelect
        label="Server"
        all="All servers"
        value={filter.server}
        options={servers}
        onChange={(server) => set({ server })}
      />
      <select
        aria-label="Decision"
        value={filter.state}
        onChange={(e) => set({ state: e.target.value as StateFilter })}
      >
        {STATES.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
      <details className="role-picker">
        <summary>
          Roles {visibleCount}/{roles.length}
        </summary>
        <fieldset>
          <legend className="visually-hidden">Visible roles</legend>
          {roles.map((r) => (
            <label key={r.name} className="checkbox">
              <input
                type="checkbox"
                checked={!filter.hiddenRoles.includes(r.name)}
                onChange={(e) => toggleRole(r.name, e.target.checked)}
              />
              {r.name}
            </label>
          ))}
        </fieldset>
      </details>
      <span className="muted small" role="status">
        {shown === total ? `${total} tools` : `${shown} of ${total} tools`}
      </span>
    </div>
  );
}
