import { useState } from 'react';
import { useStore } from 'zustand';
import type { ServerView } from '../../../../shared/model';
import { Dialog } from '../../components/dialog';
import { Icon } from '../../components/icons';
import { EmptyState, Loading } from '../../components/status';
import { useAction } from '../../components/use-action';
import { ViewHeader } from '../../components/view-header';
import { useStores } from '../../stores-context';
import { latestSample } from '../../stores/metrics-store';
import { ImportDialog } from './import-dialog';
import { ServerFormDialog } from './server-form-dialog';
import { ServerRow } from './server-row';

type Sheet =
  | { kind: 'add' }
  | { kind: 'edit'; server: ServerView }
  | { kind: 'remove'; server: ServerView }
  | { kind: 'import' };

/** The servers list with add, edit, remove and import. */
export function ServersView() {
  const stores = useStores();
  const { servers, status, error } = useStore(stores.servers);
  const sample = useStore(stores.metrics, latestSample);
  const [sheet, setSheet] = useState<Sheet>();
  const { run } = useAction();
  const actions = stores.servers.getState();
  const ready = servers.filter((s) => s.status.state === 'ready').length;
  return (
    <section className="view" aria-labelledby="servers-title">
      <ViewHeader
        id="servers-title"
        title="Servers"
        subtitle={
          status === 'ready'
            ? `${servers.length} configured · ${ready} ready`
            : 'MCP servers behind the gateway'
        }
      >
        <button type="button" className="button" onClick={() => setSheet({ kind: 'import' })}>
          <Icon name="download" size={14} /> Import
        </button>
        <button type="button" className="button primary" onClick={() => setSheet({ kind: 'add' })}>
          <Icon name="plus" size={14} /> Add server
        </button>
      </ViewHeader>
      {status === 'loading' && servers.length === 0 ? (
        <Loading what="servers" />
      ) : status === 'error' ? (
        <EmptyState icon="warning" tone="error" title="Could not load servers">
          <p>{error}</p>
          <button type="button" className="button" onClick={() => void actions.load()}>
            Try again
          </button>
        </EmptyState>
      ) : servers.length === 0 ? (
        <EmptyState icon="servers" title="No servers yet">
          <p>
            Add an MCP server, or import the <code>mcpServers</code> block from Claude Desktop or
            Cursor.
          </p>
          <button
            type="button"
            className="button primary"
            onClick={() => setSheet({ kind: 'add' })}
          >
            Add server
          </button>
        </EmptyState>
      ) : (
        <ul className="card server-list" aria-label="Servers">
          {servers.map((server) => (
            <ServerRow
              key={server.status.id}
              server={server}
              sample={sample?.servers.find((s) => s.id === server.status.id)}
              actions={{
                setEnabled: actions.setEnabled,
                restart: actions.restart,
                edit: (s) => setSheet({ kind: 'edit', server: s }),
                remove: (s) => setSheet({ kind: 'remove', server: s }),
              }}
            />
          ))}
        </ul>
      )}
      {sheet?.kind === 'add' && (
        <ServerFormDialog onClose={() => setSheet(undefined)} onSave={actions.add} />
      )}
      {sheet?.kind === 'edit' && (
        <ServerFormDialog
          editing={sheet.server.config}
          onClose={() => setSheet(undefined)}
          onSave={(c) => actions.update(sheet.server.status.id, c)}
        />
      )}
      {sheet?.kind === 'import' && (
        <ImportDialog onClose={() => setSheet(undefined)} onImport={actions.importJson} />
      )}
      {sheet?.kind === 'remove' && (
        <Dialog
          title={`Remove ${sheet.server.status.name}?`}
          open
          onClose={() => setSheet(undefined)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setSheet(undefined)}>
                Cancel
              </button>
              <button
                type="button"
                className="button destructive"
                onClick={() => {
                  const id = sheet.server.status.id;
                  setSheet(undefined);
                  void run(() => actions.remove(id), `Removed ${id}`);
                }}
              >
                Remove
              </button>
            </>
          }
        >
          <p>Its tools disappear from every agent at once. Rules that name it stay in place.</p>
        </Dialog>
      )}
    </section>
  );
}
