import { useEffect, useState } from 'react';
import type { ApplyImportInput, ApplyImportResult } from '../../../../shared/control';
import type { ClientKind, ImportPreview } from '../../../../shared/model';
import { Dialog, DialogActions } from '../../components/dialog';
import { Icon } from '../../components/icons';
import { Loading, Tag } from '../../components/status';
import { messageOf, type LoadStatus } from '../../stores/load-state';
import { AddedServers } from './added-servers';
import {
  CLIENT_KINDS,
  CLIENT_LABELS,
  mergePreview,
  previewKey,
  transportSummary,
} from './import-model';
import './import.css';

/** What the person chose for one previewed file. */
interface Choice {
  servers: string[];
  rewrite: boolean;
  role: string;
}

/** What importing one file did, or why it failed. */
interface Outcome {
  preview: ImportPreview;
  role: string;
  result?: ApplyImportResult;
  error?: string;
}

/**
 * Brings in the servers of other MCP apps (Claude, Cursor, VS Code, Windsurf): the configs found
 * on this machine, or a file the person names, previewed first; chosen servers land disabled.
 * Optionally the app is pointed at Switchboard instead, after a backup of its file.
 */
export function ClientImportDialog({
  roles,
  onDetect,
  onPreview,
  onApply,
  onClose,
}: {
  roles: string[];
  onDetect: () => Promise<ImportPreview[]>;
  onPreview: (client: ClientKind, file: string) => Promise<ImportPreview>;
  onApply: (input: ApplyImportInput) => Promise<ApplyImportResult>;
  onClose: () => void;
}) {
  // Pointing an app here makes it a key, which needs a role: without roles the option is off.
  const defaultRole = roles.includes('coder') ? 'coder' : (roles[0] ?? '');
  const canRewrite = roles.length > 0;
  const [previews, setPreviews] = useState<ImportPreview[]>([]);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [detecting, setDetecting] = useState<LoadStatus>('loading');
  const [detectError, setDetectError] = useState<string>();
  const [client, setClient] = useState<ClientKind>('cursor');
  const [file, setFile] = useState('');
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<string>();
  const [applying, setApplying] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[]>();

  const show = (found: ImportPreview[]) => {
    setPreviews((current) => found.reduce(mergePreview, current));
    setChoices((current) => {
      const next = { ...current };
      for (const p of found) {
        next[previewKey(p)] = { servers: p.servers.map((s) => s.id), rewrite: false, role: '' };
      }
      return next;
    });
  };

  useEffect(() => {
    let live = true;
    onDetect().then(
      (found) => {
        if (!live) return;
        show(found);
        setDetecting('ready');
      },
      (error: unknown) => {
        if (!live) return;
        setDetectError(messageOf(error));
        setDetecting('error');
      },
    );
    return () => {
      live = false;
    };
  }, [onDetect]);

  const read = async () => {
    setReading(true);
    setReadError(undefined);
    try {
      show([await onPreview(client, file.trim())]);
      setFile('');
    } catch (error) {
      setReadError(messageOf(error));
    } finally {
      setReading(false);
    }
  };

  const choiceOf = (p: ImportPreview): Choice => {
    const choice = choices[previewKey(p)] ?? { servers: [], rewrite: false, role: '' };
    return canRewrite ? choice : { ...choice, rewrite: false };
  };
  const patch = (p: ImportPreview, change: Partial<Choice>) =>
    setChoices({ ...choices, [previewKey(p)]: { ...choiceOf(p), ...change } });
  const toApply = previews.filter((p) => {
    const c = choiceOf(p);
    return c.servers.length > 0 || c.rewrite;
  });
  const serverCount = toApply.reduce((n, p) => n + choiceOf(p).servers.length, 0);

  const apply = async () => {
    setApplying(true);
    const done: Outcome[] = [];
    for (const preview of toApply) {
      const c = choiceOf(preview);
      const role = c.role || defaultRole;
      try {
        const result = await onApply({
          client: preview.client,
          file: preview.file,
          serverIds: c.servers,
          rewrite: c.rewrite,
          ...(c.rewrite ? { role } : {}),
        });
        done.push({ preview, role, result });
      } catch (error) {
        done.push({ preview, role, error: messageOf(error) });
      }
    }
    setApplying(false);
    setOutcomes(done);
  };

  return (
    <Dialog
      title="Import from other apps"
      open
      onClose={onClose}
      wide
      footer={
        <DialogActions
          done={outcomes !== undefined}
          onCancel={onClose}
          label={
            serverCount === 0 && toApply.length > 0
              ? 'Point at Switchboard'
              : `Import ${serverCount} server${serverCount === 1 ? '' : 's'}`
          }
          busyLabel="Importing…"
          busy={applying}
          disabled={toApply.length === 0}
          onConfirm={() => void apply()}
        />
      }
    >
      {outcomes ? (
        <Outcomes outcomes={outcomes} />
      ) : (
        <div className="client-import">
          <p className="callout" role="note">
            <Icon name="shield" size={14} />
            <span>
              Imported servers land <strong>disabled</strong>: nothing runs until you have looked at
              it and switched it on in the list.
            </span>
          </p>
          {detecting === 'loading' ? (
            <Loading what="other apps’ configs" />
          ) : detecting === 'error' ? (
            <p className="field-error" role="alert">
              Could not look for other apps’ configs: {detectError}
            </p>
          ) : previews.length === 0 ? (
            <p className="muted">
              No MCP config of Claude Desktop, Claude Code, Cursor, VS Code or Windsurf was found on
              this machine. Name a file below.
            </p>
          ) : null}
          {previews.map((preview) => (
            <PreviewCard
              key={previewKey(preview)}
              preview={preview}
              choice={choiceOf(preview)}
              roles={roles}
              defaultRole={defaultRole}
              onChange={(change) => patch(preview, change)}
            />
          ))}
          <form
            className="read-file"
            aria-label="Read a config file"
            onSubmit={(e) => {
              e.preventDefault();
              if (file.trim()) void read();
            }}
          >
            <h3 className="section-label">Another config file</h3>
            <div className="read-file-row">
              <select
                aria-label="App"
                value={client}
                onChange={(e) => setClient(e.target.value as ClientKind)}
              >
                {CLIENT_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {CLIENT_LABELS[kind]}
                  </option>
                ))}
              </select>
              <input
                className="mono"
                aria-label="Config file path"
                placeholder="/Users/me/.cursor/mcp.json"
                spellCheck={false}
                value={file}
                aria-invalid={readError ? true : undefined}
                aria-describedby={readError ? 'read-file-error' : undefined}
                onChange={(e) => setFile(e.target.value)}
              />
              <button type="submit" className="button" disabled={reading || !file.trim()}>
                {reading ? 'Reading…' : 'Preview'}
              </button>
            </div>
            {readError && (
              <p className="field-error" id="read-file-error" role="alert">
                {readError}
              </p>
            )}
          </form>
        </div>
      )}
    </Dialog>
  );
}

/** One app's config file: its servers to tick, its warnings, and whether to point it here. */
function PreviewCard({
  preview,
  choice,
  roles,
  defaultRole,
  onChange,
}: {
  preview: ImportPreview;
  choice: Choice;
  roles: string[];
  defaultRole: string;
  onChange: (change: Partial<Choice>) => void;
}) {
  const label = CLIENT_LABELS[preview.client];
  const toggle = (id: string, on: boolean) =>
    onChange({
      servers: on ? [...choice.servers, id] : choice.servers.filter((s) => s !== id),
    });
  const roleId = `import-role-${previewKey(preview).replace(/\W+/g, '-')}`;
  return (
    <section className="import-source" aria-label={`${label}: ${preview.file}`}>
      <div className="import-source-head">
        <strong>{label}</strong>
        <span className="mono small muted break">{preview.file}</span>
      </div>
      {preview.servers.length === 0 ? (
        <p className="muted small">No servers to import in this file.</p>
      ) : (
        <ul className="import-servers" aria-label={`Servers in ${label}`}>
          {preview.servers.map((server) => (
            <li key={server.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={choice.servers.includes(server.id)}
                  onChange={(e) => toggle(server.id, e.target.checked)}
                />
                <span className="mono">{server.id}</span>
              </label>
              <Tag>{server.transport.type}</Tag>
              <span className="mono small muted ellipsis" title={transportSummary(server)}>
                {transportSummary(server)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {preview.warnings.length > 0 && (
        <ul className="warning-list" aria-label={`Warnings for ${label}`}>
          {preview.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      <div className="rewrite-row">
        <label className="check">
          <input
            type="checkbox"
            checked={choice.rewrite}
            disabled={roles.length === 0}
            aria-describedby={roles.length === 0 ? `${roleId}-none` : undefined}
            onChange={(e) => onChange({ rewrite: e.target.checked })}
          />
          Point {label} at Switchboard (a backup is kept)
        </label>
        {choice.rewrite && (
          <span className="inline-field">
            <label htmlFor={roleId}>with a key of role</label>
            <select
              id={roleId}
              value={choice.role || defaultRole}
              onChange={(e) => onChange({ role: e.target.value })}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </span>
        )}
      </div>
      {roles.length === 0 && (
        <p className="field-hint" id={`${roleId}-none`}>
          Pointing {label} here needs a role for its key, and no role is loaded.
        </p>
      )}
      {choice.rewrite && (
        <p className="field-hint">
          Every server in this file is replaced by one Switchboard entry. Servers you leave unticked
          stay only in the backup.
        </p>
      )}
    </section>
  );
}

/** What each import did: the ids added (disabled), and where the original file was kept. */
function Outcomes({ outcomes }: { outcomes: Outcome[] }) {
  return (
    <div className="import-result" role="status">
      {outcomes.map(({ preview, role, result, error }) => {
        const label = CLIENT_LABELS[preview.client];
        return (
          <section
            key={previewKey(preview)}
            className="import-outcome"
            aria-label={`Imported from ${label}`}
          >
            <h3 className="import-outcome-title">
              {label} <span className="mono small muted break">{preview.file}</span>
            </h3>
            {error ? (
              <p className="field-error" role="alert">
                {error}
              </p>
            ) : (
              result && (
                <>
                  <AddedServers added={result.added} />
                  {result.backup && (
                    <p>
                      {label} now reaches Switchboard with a new key of role <strong>{role}</strong>
                      . Its original file is kept at <code className="break">{result.backup}</code>
                    </p>
                  )}
                </>
              )
            )}
          </section>
        );
      })}
    </div>
  );
}
