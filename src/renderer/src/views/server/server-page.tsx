import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ServerToolView } from '../../../../shared/control';
import { Icon } from '../../components/icons';
import { EmptyState, LoadError, Loading, StatePill, Tag } from '../../components/status';
import { TabList, tabId, type Tab } from '../../components/tabs';
import { useAction } from '../../components/use-action';
import { ViewHeader } from '../../components/view-header';
import { useStores } from '../../stores-context';
import { PromptList, ResourceList } from './offer-lists';
import { StderrTail } from './stderr-tail';
import { ToolItem } from './tool-item';
import { TryItDialog } from './try-it-dialog';
import './server-page.css';

type Section = 'tools' | 'resources' | 'prompts';

/** The role a page starts with: one that agents use (coder), else the first. */
function defaultRole(names: string[]): string {
  return names.includes('coder') ? 'coder' : (names.find((n) => n !== 'admin') ?? names[0] ?? '');
}

/**
 * A server's page (`#/servers/<id>`): what it offers — tools with their schemas and
 * annotations, resources, prompts — what the role in view may do with each tool, "Try it" for
 * any tool, and the server's stderr as it writes it.
 */
export function ServerPage({ id }: { id: string }) {
  const stores = useStores();
  const server = useStore(stores.servers, (s) => s.servers.find((v) => v.status.id === id));
  const roles = useStore(stores.permissions, (s) => s.roles);
  // The grid's tools reload on every catalog, rule and role change: so does this page.
  const gridTools = useStore(stores.permissions, (s) => s.tools);
  const { catalog, status, error, serverId } = useStore(stores.serverPage);
  const [role, setRole] = useState('');
  const [section, setSection] = useState<Section>('tools');
  const [trying, setTrying] = useState<ServerToolView>();
  const { busy, run } = useAction();

  useEffect(() => {
    void stores.serverPage.getState().open(id);
  }, [id, stores.serverPage]);
  useEffect(() => {
    if (stores.serverPage.getState().serverId === id) void stores.serverPage.getState().reload();
  }, [gridTools, id, stores.serverPage]);
  const roleNames = roles.map((r) => r.name);
  const shownRole = roleNames.includes(role) ? role : defaultRole(roleNames);

  const name = server?.status.name ?? id;
  const ready = serverId === id && catalog?.id === id ? catalog : undefined;
  const tabs: Tab<Section>[] = [
    { id: 'tools', label: `Tools (${ready?.tools.length ?? 0})` },
    { id: 'resources', label: `Resources (${ready?.resources.length ?? 0})` },
    { id: 'prompts', label: `Prompts (${ready?.prompts.length ?? 0})` },
  ];
  return (
    <section className="view server-page" aria-labelledby="server-page-title">
      <a className="back-link" href="#/servers">
        <Icon name="chevronRight" size={12} /> All servers
      </a>
      <ViewHeader
        id="server-page-title"
        title={name}
        subtitle={
          server ? (
            <span className="server-page-meta">
              <StatePill state={server.status.state} />
              <Tag>{server.status.transport}</Tag>
              {server.status.name !== id && <span className="mono">{id}</span>}
            </span>
          ) : undefined
        }
      >
        <label className="role-picker">
          Role in view
          <select value={shownRole} onChange={(e) => setRole(e.target.value)}>
            {roleNames.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
      </ViewHeader>
      {!server && stores.servers.getState().status === 'ready' ? (
        <EmptyState icon="servers" title={`No server "${id}"`}>
          <p>It may have been removed.</p>
          <a className="button" href="#/servers">
            Back to Servers
          </a>
        </EmptyState>
      ) : status === 'error' && !ready ? (
        <LoadError
          title="Could not load this server"
          error={error}
          onRetry={() => void stores.serverPage.getState().reload()}
        />
      ) : !ready ? (
        <Loading what="the server's tools" />
      ) : (
        <>
          <TabList
            label="What the server offers"
            tabs={tabs}
            selected={section}
            onSelect={setSection}
            idPrefix="server-page"
            panelId="server-page-panel"
          />
          <div
            id="server-page-panel"
            role="tabpanel"
            aria-labelledby={tabId('server-page', section)}
            className="server-page-panel"
          >
            {section === 'tools' &&
              (ready.tools.length === 0 ? (
                <p className="muted">
                  {server?.config.enabled === false
                    ? 'The server is off: switch it on to see its tools.'
                    : 'This server lists no tools.'}
                </p>
              ) : (
                <ul className="card tool-list" aria-label="Tools">
                  {ready.tools.map((tool) => (
                    <ToolItem
                      key={tool.name}
                      tool={tool}
                      role={shownRole}
                      busy={busy}
                      onSetAction={(action) =>
                        void run(() =>
                          stores.permissions.getState().setPattern(shownRole, tool.name, action),
                        )
                      }
                      onTry={() => setTrying(tool)}
                    />
                  ))}
                </ul>
              ))}
            {section === 'resources' && <ResourceList resources={ready.resources} />}
            {section === 'prompts' && <PromptList prompts={ready.prompts} />}
          </div>
        </>
      )}
      <StderrTail serverId={id} name={name} />
      {trying && (
        <TryItDialog tool={trying} role={shownRole} onClose={() => setTrying(undefined)} />
      )}
    </section>
  );
}
