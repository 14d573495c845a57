import { useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { Icon } from '../../components/icons';
import { ActionBadge, EmptyState, LoadError, Loading } from '../../components/status';
import { TabList, tabId, type Tab } from '../../components/tabs';
import { useAction } from '../../components/use-action';
import { ViewHeader } from '../../components/view-header';
import { useStores } from '../../stores-context';
import { filterTools, NO_FILTER, type ToolFilter } from '../../stores/permissions-filter';
import { groupTools } from '../../stores/permissions-logic';
import { PermissionsFilters } from './permissions-filters';
import { PermissionsGrid } from './permissions-grid';
import { RoleActions } from './role-actions';
import { RulesEditor } from './rules-editor';

const VIEWS: Tab<'grid' | 'rules'>[] = [
  { id: 'grid', label: 'Grid' },
  { id: 'rules', label: 'Rules' },
];

/** Who may call what: the tools × roles grid, and each role's rules. */
export function PermissionsView() {
  const stores = useStores();
  const { tools, roles, status, error, undoStack } = useStore(stores.permissions);
  const actions = stores.permissions.getState();
  const [filter, setFilter] = useState<ToolFilter>(NO_FILTER);
  const [tab, setTab] = useState<'grid' | 'rules'>('grid');
  const roleNames = useMemo(() => roles.map((r) => r.name), [roles]);
  const shownTools = useMemo(
    () => filterTools(tools, filter, roleNames),
    [tools, filter, roleNames],
  );
  const groups = useMemo(() => groupTools(shownTools, ''), [shownTools]);
  const visibleRoles = roles.filter((r) => !filter.hiddenRoles.includes(r.name));
  const servers = useMemo(() => [...new Set(tools.map((t) => t.serverId))].sort(), [tools]);
  const { busy, run } = useAction();
  const lastChange = undoStack.at(-1);
  return (
    <section className="view" aria-labelledby="permissions-title">
      <ViewHeader
        id="permissions-title"
        title="Permissions"
        subtitle="What each role may do with each tool. Click a cell to cycle it; manage roles under Rules."
      >
        <button
          type="button"
          className="button"
          disabled={!lastChange || busy}
          title={lastChange ? `Undo ${lastChange.label}` : 'Nothing to undo'}
          onClick={() =>
            void run(actions.undo, lastChange ? `Undid ${lastChange.label}` : undefined)
          }
        >
          <Icon name="undo" size={14} /> Undo
        </button>
      </ViewHeader>
      <div className="toolbar-row">
        <TabList
          label="Permissions views"
          tabs={VIEWS}
          selected={tab}
          onSelect={setTab}
          idPrefix="permissions"
          panelId="permissions-panel"
        />
        {tab === 'grid' && (
          <div className="legend" aria-label="Legend">
            <ActionBadge action="allow" /> <ActionBadge action="ask" />{' '}
            <ActionBadge action="deny" />
            <span className="legend-sep" />
            <span className="legend-item">
              <span className="swatch swatch-rule" /> rule
            </span>
            <span className="legend-item">
              <span className="swatch swatch-default" /> default
            </span>
          </div>
        )}
      </div>
      {tab === 'grid' && tools.length > 0 && roles.length > 0 && (
        <PermissionsFilters
          filter={filter}
          servers={servers}
          roles={roles}
          shown={shownTools.length}
          total={tools.length}
          onChange={setFilter}
        />
      )}
      <div id="permissions-panel" role="tabpanel" aria-labelledby={tabId('permissions', tab)}>
        {status === 'loading' && tools.length === 0 ? (
          <Loading what="tools" />
        ) : status === 'error' ? (
          <LoadError
            title="Could not load tools"
            error={error}
            onRetry={() => void actions.loadTools()}
          />
        ) : roles.length === 0 ? (
          <EmptyState icon="shield" title="No roles">
            <p>
              Roles decide what an agent key may do. Create one here or with{' '}
              <code>switchboard roles add</code>.
            </p>
            <RoleActions roles={roles} actions={actions} onSelect={() => setTab('rules')} />
          </EmptyState>
        ) : tab === 'rules' ? (
          <RulesEditor
            roles={roles}
            tools={tools}
            onSave={actions.saveRules}
            onExplain={actions.explain}
            roleActions={actions}
          />
        ) : tools.length === 0 ? (
          <EmptyState icon="servers" title="No tools yet">
            <p>Enable a server to see its tools here.</p>
          </EmptyState>
        ) : groups.length === 0 ? (
          <EmptyState icon="search" title="No matching tools">
            <p>No tool matches the search and filters.</p>
            <button type="button" className="button" onClick={() => setFilter(NO_FILTER)}>
              Clear filters
            </button>
          </EmptyState>
        ) : (
          <PermissionsGrid groups={groups} roles={visibleRoles} tools={tools} actions={actions} />
        )}
      </div>
    </section>
  );
}
