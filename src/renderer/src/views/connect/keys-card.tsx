import { useState } from 'react';
import type { KeyView, Role } from '../../../../shared/model';
import { CopyButton } from '../../components/copy-button';
import { ConfirmDialog } from '../../components/dialog';
import { formatDateTime } from '../../components/format';
import { Icon } from '../../components/icons';
import { Tag } from '../../components/status';
import { useAction } from '../../components/use-action';
import type { KeysState } from '../../stores/keys-store';

/** Agent keys: list, revoke, create (the secret is shown once). */
export function KeysCard({
  keys,
  roles,
  created,
  actions,
}: {
  keys: KeyView[];
  roles: Role[];
  created: KeysState['created'];
  actions: Pick<KeysState, 'create' | 'revoke' | 'forgetSecret'>;
}) {
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [revoking, setRevoking] = useState<string>();
  const { busy, run } = useAction();
  const chosenRole = role || roles[0]?.name || '';
  const nameTaken = keys.some((k) => k.name === name.trim());
  return (
    <section className="card keys-card" aria-labelledby="keys-title">
      <h2 id="keys-title" className="card-title">
        Agent keys
      </h2>
      <p className="muted small">
        Each agent gets its own key; the key’s role decides what it may call.
      </p>
      {created && (
        <div className="secret-box" role="status" aria-label="New key">
          <div className="secret-head">
            <Icon name="key" size={14} />
            <strong>Key “{created.key.name}” created.</strong>
            <span className="muted">Copy it now: it is not shown again.</span>
          </div>
          <div className="secret-row">
            <code className="secret mono" aria-label="Key secret">
              {created.secret}
            </code>
            <CopyButton text={created.secret} label="Copy key" className="button primary" />
          </div>
          <button type="button" className="link-button" onClick={actions.forgetSecret}>
            I have copied it, hide
          </button>
        </div>
      )}
      <form
        className="create-key"
        aria-label="Create key"
        onSubmit={(e) => {
          e.preventDefault();
          const trimmed = name.trim();
          if (!trimmed || nameTaken) return;
          void run(async () => {
            await actions.create(trimmed, chosenRole);
            setName('');
          });
        }}
      >
        <input
          aria-label="Key name"
          placeholder="Key name, e.g. claude-code"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={64}
          aria-invalid={nameTaken || undefined}
        />
        <select
          aria-label="Role"
          value={chosenRole}
          onChange={(e) => setRole(e.target.value)}
          disabled={roles.length === 0}
        >
          {roles.map((r) => (
            <option key={r.name} value={r.name}>
              {r.name}
            </option>
          ))}
        </select>
        <button
          type="submit"
          className="button primary"
          disabled={busy || !name.trim() || nameTaken || !chosenRole}
        >
          <Icon name="plus" size={14} /> Create key
        </button>
      </form>
      {nameTaken && <p className="field-error">A key with that name exists already.</p>}
      {keys.length === 0 ? (
        <p className="muted keys-empty">No keys yet. Create one per agent.</p>
      ) : (
        <ul className="key-list" aria-label="Keys">
          {keys.map((key) => (
            <li key={key.name} className="key-row">
              <Icon name="key" size={14} />
              <div className="key-main">
                <strong>{key.name}</strong>
                <span className="muted small mono">{key.prefix}…</span>
              </div>
              <Tag>{key.role}</Tag>
              <span className="muted small">
                {formatDateTime(key.createdAt)}
                {key.expiresAt ? ` · expires ${formatDateTime(key.expiresAt)}` : ''}
              </span>
              <button
                type="button"
                className="button small destructive-quiet"
                aria-label={`Revoke ${key.name}`}
                onClick={() => setRevoking(key.name)}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking}?`}
          action="Revoke"
          onClose={() => setRevoking(undefined)}
          onConfirm={() => void run(() => actions.revoke(revoking), `Revoked ${revoking}`)}
        >
          <p>Agents using this key are refused from their next request.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
