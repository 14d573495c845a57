import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useAction } from '../../components/use-action';
import { CopyButton } from '../../components/copy-button';
import { LoadError, Loading } from '../../components/status';
import { ViewHeader } from '../../components/view-header';
import { useStores } from '../../stores-context';
import { ClientsCard } from './clients-card';
import { KeysCard } from './keys-card';
import { SnippetsCard } from './snippets-card';
import './connect.css';

/** How agents reach the gateway: the endpoint, their keys, and configs to paste. */
export function ConnectView() {
  const stores = useStores();
  const endpoint = useStore(stores.app, (s) => s.endpoint);
  const appStatus = useStore(stores.app, (s) => s.status);
  const { keys, status, error, created, snippets, snippetsError, wiring, wiringError } = useStore(
    stores.keys,
  );
  const roles = useStore(stores.permissions, (s) => s.roles);
  const actions = stores.keys.getState();
  const { run } = useAction();
  useEffect(() => void stores.keys.getState().loadWiring(), [stores.keys]);
  return (
    <section className="view" aria-labelledby="connect-title">
      <ViewHeader
        id="connect-title"
        title="Connect"
        subtitle="One endpoint for every agent; a key per agent decides its role."
      />
      {appStatus === 'loading' || (status === 'loading' && keys.length === 0) ? (
        <Loading what="keys" />
      ) : status === 'error' ? (
        <LoadError title="Could not load keys" error={error} />
      ) : (
        <div className="connect-grid">
          <section className="card endpoint-card" aria-labelledby="endpoint-title">
            <h2 id="endpoint-title" className="card-title">
              Endpoint
            </h2>
            <div className="endpoint-row">
              <code className="mono endpoint" aria-label="Endpoint URL">
                {endpoint || '—'}
              </code>
              <CopyButton text={endpoint} label="Copy endpoint" className="button small" />
            </div>
            <p className="muted small">
              Streamable HTTP on this machine only. Agents send{' '}
              <code>Authorization: Bearer &lt;key&gt;</code>.
            </p>
          </section>
          <ClientsCard
            wiring={wiring}
            {...(wiringError ? { error: wiringError } : {})}
            onRepair={(client, file) =>
              void run(() => actions.repairWiring(client, file), `Repaired ${file}`)
            }
          />
          <KeysCard keys={keys} roles={roles} created={created} actions={actions} />
          <SnippetsCard snippets={snippets} error={snippetsError} secret={created?.secret} />
        </div>
      )}
    </section>
  );
}
