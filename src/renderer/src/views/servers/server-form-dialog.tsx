import { useState } from 'react';
import type { ServerConfig } from '../../../../shared/model';
import { Dialog, DialogActions } from '../../components/dialog';
import { Field } from '../../components/field';
import { messageOf } from '../../stores/load-state';
import { PairRowsEditor } from './pair-rows-editor';
import {
  EMPTY_FORM,
  formFromConfig,
  validateServerForm,
  type FormErrors,
  type ServerForm,
} from './server-form-model';

/** Add or edit a server; validated with the shared schema before anything is sent. */
export function ServerFormDialog({
  editing,
  onClose,
  onSave,
}: {
  /** The config being edited, or undefined to add a new server. */
  editing?: ServerConfig;
  onClose: () => void;
  onSave: (config: ServerConfig) => Promise<void>;
}) {
  const [form, setForm] = useState<ServerForm>(() =>
    editing ? formFromConfig(editing) : EMPTY_FORM,
  );
  const [errors, setErrors] = useState<FormErrors>({});
  const [saving, setSaving] = useState(false);
  const patch = (p: Partial<ServerForm>) => setForm({ ...form, ...p });
  const submit = async () => {
    const { config, errors: found } = validateServerForm(form, editing ?? {});
    setErrors(found);
    if (!config) return;
    setSaving(true);
    try {
      await onSave(config);
      onClose();
    } catch (error) {
      setErrors({ form: messageOf(error) });
    } finally {
      setSaving(false);
    }
  };
  const formId = 'server-form';
  return (
    <Dialog
      title={editing ? `Edit ${editing.name ?? editing.id}` : 'Add server'}
      open
      onClose={onClose}
      wide
      footer={
        <>
          {errors.form && (
            <p className="field-error footer-error" role="alert">
              {errors.form}
            </p>
          )}
          <DialogActions
            onCancel={onClose}
            label={editing ? 'Save' : 'Add server'}
            busyLabel="Saving…"
            busy={saving}
            form={formId}
          />
        </>
      }
    >
      <form
        id={formId}
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="form-grid">
          <Field label="ID" error={errors.id} hint="a-z, 0-9 and -; tools are named <id>__<tool>">
            {(props) => (
              <input
                {...props}
                className="mono"
                value={form.id}
                onChange={(e) => patch({ id: e.target.value })}
                placeholder="filesystem"
                autoFocus
              />
            )}
          </Field>
          <Field label="Display name" error={errors.name}>
            {(props) => (
              <input
                {...props}
                value={form.name}
                onChange={(e) => patch({ name: e.target.value })}
                placeholder="Filesystem"
              />
            )}
          </Field>
        </div>
        <div className="segmented" role="radiogroup" aria-label="Transport">
          {(['stdio', 'remote'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              role="radio"
              aria-checked={form.kind === kind}
              onClick={() => patch({ kind })}
            >
              {kind === 'stdio' ? 'Local command (stdio)' : 'Remote URL'}
            </button>
          ))}
        </div>
        {form.kind === 'stdio' ? (
          <>
            <Field label="Command" error={errors.command}>
              {(props) => (
                <input
                  {...props}
                  className="mono"
                  value={form.command}
                  onChange={(e) => patch({ command: e.target.value })}
                  placeholder="npx"
                />
              )}
            </Field>
            <Field label="Arguments" hint="one per line">
              {(props) => (
                <textarea
                  {...props}
                  className="mono"
                  rows={3}
                  value={form.args}
                  onChange={(e) => patch({ args: e.target.value })}
                  placeholder={'-y\n@modelcontextprotocol/server-filesystem\n~/Documents'}
                />
              )}
            </Field>
            <Field label="Working directory" hint="optional">
              {(props) => (
                <input
                  {...props}
                  className="mono"
                  value={form.cwd}
                  onChange={(e) => patch({ cwd: e.target.value })}
                />
              )}
            </Field>
            <PairRowsEditor
              label="Environment variables"
              keyPlaceholder="NAME"
              rows={form.env}
              onChange={(env) => patch({ env })}
              error={errors.env}
            />
          </>
        ) : (
          <>
            <div className="form-grid form-grid-url">
              <Field label="URL" error={errors.url}>
                {(props) => (
                  <input
                    {...props}
                    className="mono"
                    type="url"
                    value={form.url}
                    onChange={(e) => patch({ url: e.target.value })}
                    placeholder="https://example.com/mcp"
                  />
                )}
              </Field>
              <Field label="Type">
                {(props) => (
                  <select
                    {...props}
                    value={form.remoteType}
                    onChange={(e) => patch({ remoteType: e.target.value as 'http' | 'sse' })}
                  >
                    <option value="http">Streamable HTTP</option>
                    <option value="sse">HTTP + SSE (legacy)</option>
                  </select>
                )}
              </Field>
            </div>
            <PairRowsEditor
              label="Headers"
              keyPlaceholder="Authorization"
              rows={form.headers}
              onChange={(headers) => patch({ headers })}
              error={errors.headers}
            />
          </>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={form.enabled}
            onChange={(e) => patch({ enabled: e.target.checked })}
          />
          Start now (enabled)
        </label>
      </form>
    </Dialog>
  );
}
