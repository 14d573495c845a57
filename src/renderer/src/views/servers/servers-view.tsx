import { useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { ServerView } from '../../../../shared/model';
import { ConfirmDialog } from '../../components/dialog';
import { Icon } from '../../components/icons';
import { EmptyState, LoadError, Loading } from '../../components/status';
import { useAction } from '../../components/use-action';
import { ViewHeader } from '../../components/view-header';
import { useStores } from '../../stores-context';
import { latestSample } from '../../stores/metrics-store';
import { ClientImportDialog } from './client-import-dialog';
import { ImportDialog } from './import-dialog';
import { PresetDialog } from './preset-dialog';
import { ServerFormDialog } from './server-form-dialog';
import { removeRulesText } from './remove-model';
import { ServerRow } from './server-row';
import { SignInDialog } from './sign-in-dialog';

type Sheet =
  | { kind: 'add' }
  | { kind: 'edit'; server: ServerView }
  | { kind: 'remove'; server: ServerView }
  | { kind: 'import' }
  | { kind: 'preset' }
  | { kind: 'import-apps' }
  /** Right after adding a server that signs people in: its sign-in. */
  | { kind: 'signin'; id: string; provider: string };

/** The servers list with add (by hand or from a preset), edit, remove and import. */
export function ServersView() {
  const stores = useStores();
  const { servers, status, error, presets, presetsStatus, presetsError } = useStore(stores.servers);
  const dataDir = useStore(stores.app, (s) => s.dataDir);
  const roles = useStore(stores.permissions, (s) => s.roles);
  const sample = useStore(stores.metrics, latestSample);
  const [sheet, setSheet] = useState<Sheet>();
  /** The sheet that follows the preset dialog when it closes (the new server's sign-in). */
  const afterPreset = useRef<Sheet | undefined>(undefined);
  const { run } = useAction();
  const actions = stores.servers.getState();
  const openPresets = () => {
    if (presetsStatus !== 'ready') void actions.loadPresets();
    setSheet({ kind: 'preset' });
  };
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
        <button type="button" className="button" onClick={() => setSheet({ kind: 'import-apps' })}>
          <Icon name="download" size={14} /> Import from other apps
        </button>
        <button type="button" className="button" onClick={() => setSheet({ kind: 'import' })}>
          Paste JSON
        </button>
        <button type="button" className="button" onClick={openPresets}>
          <Icon name="plus" size={14} /> Add from preset
        </button>
        <button type="button" className="button primary" onClick={() => setSheet({ kind: 'add' })}>
          <Icon name="plus" size={14} /> Add server
        </button>
      </ViewHeader>
      {status === 'loading' && servers.length === 0 ? (
        <Loading what="servers" />
      ) : status === 'error' ? (
        <LoadError
          title="Could not load servers"
          error={error}
          onRetry={() => void actions.load()}
        />
      ) : servers.length === 0 ? (
        <EmptyState icon="servers" title="No servers yet">
          <p>Add one from a preset, or import the servers you use in Claude, Cursor or VS Code.</p>
          <button type="button" className="button primary" onClick={openPresets}>
            Add from preset
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
                setKeepWarm: actions.setKeepWarm,
                restart: actions.restart,
                startSignIn: actions.startSignIn,
                signOut: actions.signOut,
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
      {sheet?.kind === 'preset' && (
        <PresetDialog
          presets={presets}
          status={presetsStatus}
          error={presetsError}
          dataDir={dataDir}
          takenIds={servers.map((s) => s.status.id)}
          onRetry={() => void actions.loadPresets()}
          onAdd={async (input) => {
            const view = await actions.addPreset(input);
            stores.notices.getState().push('info', `Added ${view.status.id}`);
            const preset = presets.find((p) => p.id === input.presetId);
            if (preset?.auth === 'oauth') {
              const provider = preset.title.split(' (')[0] ?? preset.title;
              afterPreset.current = { kind: 'signin', id: view.status.id, provider };
            }
            return view;
          }}
          onClose={() => {
            const next = afterPreset.current;
            afterPreset.current = undefined;
            setSheet(next);
          }}
        />
      )}
      {sheet?.kind === 'signin' && (
        <SignInDialog
          id={sheet.id}
          provider={sheet.provider}
          server={servers.find((s) => s.status.id === sheet.id)}
          actions={actions}
          onClose={() => setSheet(undefined)}
        />
      )}
      {sheet?.kind === 'import-apps' && (
        <ClientImportDialog
          roles={roles.map((r) => r.name)}
          onDetect={actions.detectImports}
          onPreview={actions.previewImport}
          onApply={actions.applyImport}
          onClose={() => setSheet(undefined)}
        />
      )}
      {sheet?.kind === 'remove' && (
        <ConfirmDialog
          title={`Remove ${sheet.server.status.name}?`}
          action="Remove"
          onClose={() => setSheet(undefined)}
          onConfirm={() => {
            const id = sheet.server.status.id;
            void run(() => actions.remove(id), `Removed ${id}`);
          }}
        >
          <p>Its tools disappear from every agent at once.</p>
          <p>{removeRulesText(roles, sheet.server.status.id)}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
