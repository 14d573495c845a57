import { useState } from 'react';
import type { ImportResult } from '../../../../shared/control';
import { Dialog, DialogActions } from '../../components/dialog';
import { messageOf } from '../../stores/load-state';
import { AddedServers } from './added-servers';
import './import.css';

const EXAMPLE = `{
  "mcpServers": {
    "filesystem": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "~/Documents"]
    }
  }
}`;

/** Paste a Claude Desktop / Cursor `mcpServers` document; imported servers land disabled. */
export function ImportDialog({
  onClose,
  onImport,
}: {
  onClose: () => void;
  onImport: (json: string) => Promise<ImportResult>;
}) {
  const [json, setJson] = useState('');
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<ImportResult>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await onImport(json));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Import servers"
      open
      onClose={onClose}
      wide
      footer={
        <DialogActions
          done={result !== undefined}
          onCancel={onClose}
          label="Import"
          busyLabel="Importing…"
          busy={busy}
          disabled={json.trim() === ''}
          onConfirm={() => void submit()}
        />
      }
    >
      {result ? (
        <div className="import-result" role="status">
          <AddedServers added={result.added} />
          {result.warnings.length > 0 && (
            <>
              <h4 className="section-label">Warnings</h4>
              <ul className="warning-list" aria-label="Warnings">
                {result.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : (
        <div className="field">
          <label htmlFor="import-json">
            Paste an <code>mcpServers</code> JSON (from Claude Desktop, Cursor or VS Code)
          </label>
          <textarea
            id="import-json"
            className="mono"
            rows={12}
            spellCheck={false}
            placeholder={EXAMPLE}
            value={json}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'import-error' : undefined}
            onChange={(e) => setJson(e.target.value)}
          />
          {error && (
            <p className="field-error" id="import-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </Dialog>
  );
}
