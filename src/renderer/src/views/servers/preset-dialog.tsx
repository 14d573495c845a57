import { useState } from 'react';
import type { AddPresetInput } from '../../../../shared/control';
import type { PresetField, PresetView, ServerView } from '../../../../shared/model';
import { Dialog, useSheetAction } from '../../components/dialog';
import { Field } from '../../components/field';
import { IconButton } from '../../components/icon-button';
import { Icon } from '../../components/icons';
import { LoadError, Loading, Tag } from '../../components/status';
import type { LoadStatus } from '../../stores/load-state';
import {
  fieldsNamedIn,
  idProblem,
  initialValues,
  presetInput,
  shownDefault,
  valuesForId,
} from './preset-form-model';
import './preset-dialog.css';

/**
 * Add a server from a built-in preset: pick one from the list, then fill in exactly the settings
 * it asks for. The gateway checks the values; its message shows here when one is missing.
 */
export function PresetDialog({
  presets,
  status,
  error,
  dataDir,
  takenIds,
  onRetry,
  onAdd,
  onClose,
}: {
  presets: PresetView[];
  status: LoadStatus;
  error?: string;
  /** The app's data folder, filled into defaults that use `${dataDir}` ('' when unknown). */
  dataDir: string;
  /** Ids of the servers there are already. */
  takenIds: string[];
  onRetry: () => void;
  onAdd: (input: AddPresetInput) => Promise<ServerView>;
  onClose: () => void;
}) {
  const [chosen, setChosen] = useState<PresetView>();
  const [values, setValues] = useState<Record<string, string>>({});
  const [id, setId] = useState('');
  const [idError, setIdError] = useState<string>();
  const { busy: saving, error: formError, submit: run, clearError } = useSheetAction(onClose);
  /** The settings the gateway's message names, marked invalid. */
  const invalid = chosen && formError ? fieldsNamedIn(chosen, formError) : [];

  const choose = (preset: PresetView | undefined) => {
    setChosen(preset);
    setValues(preset ? initialValues(preset, dataDir) : {});
    setId('');
    setIdError(undefined);
    clearError();
  };
  const submit = () => {
    if (!chosen) return;
    const problem = idProblem(id);
    setIdError(problem);
    if (problem) return;
    void run(async () => {
      await onAdd(presetInput(chosen, values, id, dataDir));
    });
  };

  const formId = 'preset-form';
  const idTaken = chosen !== undefined && id.trim() === '' && takenIds.includes(chosen.id);
  return (
    <Dialog
      title={chosen ? `Add ${chosen.title}` : 'Add from preset'}
      open
      onClose={onClose}
      wide
      footer={
        chosen ? (
          <>
            {formError && (
              <p className="field-error footer-error" role="alert">
                {formError}
              </p>
            )}
            <button type="button" className="button" onClick={() => choose(undefined)}>
              Back
            </button>
            <button type="submit" form={formId} className="button primary" disabled={saving}>
              {saving ? 'Adding…' : 'Add'}
            </button>
          </>
        ) : (
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        )
      }
    >
      {!chosen ? (
        status === 'loading' && presets.length === 0 ? (
          <Loading what="presets" />
        ) : status === 'error' ? (
          <LoadError title="Could not load the presets" error={error} onRetry={onRetry} />
        ) : (
          <>
            <p className="muted small sheet-intro">
              Each preset asks only for what it needs, and gives every role but admin rules for its
              tools: reading allowed, writing asks first, deleting denied.
            </p>
            <ul className="preset-list" aria-label="Presets">
              {presets.map((preset) => (
                <li key={preset.id}>
                  <button
                    type="button"
                    className="preset-option"
                    aria-label={preset.title}
                    aria-describedby={`preset-about-${preset.id}`}
                    onClick={() => choose(preset)}
                  >
                    <PresetSummary preset={preset} aboutId={`preset-about-${preset.id}`} />
                    <Icon name="chevronRight" size={14} />
                  </button>
                </li>
              ))}
            </ul>
          </>
        )
      ) : (
        <form
          id={formId}
          className="form"
          noValidate
          aria-label={`Settings of ${chosen.title}`}
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <div className="preset-chosen">
            <PresetSummary preset={chosen} titled={false} />
          </div>
          <Field
            id="preset-server-id"
            label="Server id"
            hint={
              idTaken
                ? `A server "${chosen.id}" exists already: give this one its own id.`
                : `Optional: "${chosen.id}" when empty. Its tools are named <id>__<tool>.`
            }
            error={idError}
            keepHint
          >
            {(props) => (
              <input
                {...props}
                className="mono"
                value={id}
                placeholder={chosen.id}
                autoFocus={chosen.fields.length === 0 || idTaken}
                onChange={(e) => {
                  setValues(valuesForId(chosen, values, dataDir, id, e.target.value));
                  setId(e.target.value);
                }}
              />
            )}
          </Field>
          {chosen.fields.map((field, i) => (
            <PresetFieldInput
              key={field.key}
              field={field}
              value={values[field.key] ?? ''}
              invalid={invalid.includes(field.key)}
              autoFocus={i === 0 && !idTaken}
              defaultShown={shownDefault(field, dataDir, id.trim() || chosen.id)}
              onChange={(value) => setValues({ ...values, [field.key]: value })}
            />
          ))}
          {chosen.fields.some((f) => f.required) && (
            <p className="muted small">
              <span className="required-mark" aria-hidden="true">
                *
              </span>{' '}
              Required
            </p>
          )}
        </form>
      )}
    </Dialog>
  );
}

/** What a preset is: title, kind, whether it ships with the app, what it does, its network use. */
function PresetSummary({
  preset,
  aboutId,
  titled = true,
}: {
  preset: PresetView;
  aboutId?: string;
  /** Whether to show the title (the form's dialog has it as its own title). */
  titled?: boolean;
}) {
  return (
    <span className="preset-summary">
      {titled && <strong className="preset-title">{preset.title}</strong>}
      <span className="preset-about" id={aboutId}>
        <span className="preset-tags">
          <Tag>{preset.kind}</Tag>
          {preset.bundled && <Tag tone="good">ships with Switchboard</Tag>}
        </span>
        <span className="preset-description">{preset.description}</span>
        <span className="preset-network">
          <strong>Network:</strong> {preset.network}
        </span>
        <span className="preset-licence">
          <span className="mono">{preset.package}</span> · {preset.licence}
        </span>
      </span>
    </span>
  );
}

/** One of a preset's settings, by kind: a path, text, URL, token, or a list of hosts. */
function PresetFieldInput({
  field,
  value,
  invalid,
  autoFocus,
  defaultShown,
  onChange,
}: {
  field: PresetField;
  value: string;
  invalid: boolean;
  autoFocus: boolean;
  defaultShown: string;
  onChange: (value: string) => void;
}) {
  const [shown, setShown] = useState(false);
  const id = `preset-field-${field.key}`;
  const hint =
    field.kind === 'hosts'
      ? `${field.description} One per line, or comma-separated.`
      : field.description;
  const common = {
    autoFocus,
    value,
    spellCheck: false,
    placeholder: defaultShown || undefined,
    'aria-required': field.required || undefined,
  };
  return (
    <Field
      id={id}
      label={field.label}
      required={field.required}
      hint={hint}
      invalid={invalid}
      keepHint
    >
      {(props) =>
        field.kind === 'hosts' ? (
          <textarea
            {...props}
            {...common}
            className="mono"
            rows={3}
            placeholder={'localhost\nintranet.example.com'}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : field.secret ? (
          <div className="secret-input">
            <input
              {...props}
              {...common}
              className="mono"
              type={shown ? 'text' : 'password'}
              autoComplete="off"
              onChange={(e) => onChange(e.target.value)}
            />
            <IconButton
              icon="eye"
              label={`Show ${field.label}`}
              aria-pressed={shown}
              title={shown ? 'Hide' : 'Show'}
              onClick={() => setShown(!shown)}
            />
          </div>
        ) : (
          <input
            {...props}
            {...common}
            className={field.kind === 'text' ? undefined : 'mono'}
            type={field.kind === 'url' ? 'url' : 'text'}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}
