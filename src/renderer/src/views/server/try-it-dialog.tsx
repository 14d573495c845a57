import { useMemo, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import {
  CONTROL_CENTER_CALLER,
  type ServerToolView,
  type TryToolResult,
} from '../../../../shared/control';
import { Dialog, SheetError } from '../../components/dialog';
import { Icon } from '../../components/icons';
import { Tag } from '../../components/status';
import { useAction } from '../../components/use-action';
import { InvisibleWarning, VisibleText } from '../../components/visible-text';
import { useStores } from '../../stores-context';
import { messageOf } from '../../stores/load-state';
import { SchemaFieldInput } from './schema-field';
import { fieldsOf, initialValues, toArguments, type FieldValue } from './schema-form-model';

type Run =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; answer: TryToolResult }
  | { state: 'failed'; error: string };

/**
 * "Try it": a form made from the tool's input schema that calls the tool as the person, under
 * the role in view, through the agents' pipeline. A call that needs approval waits here, with
 * the same Approve and Deny a card has; the answer is shown whole, secrets masked and invisible
 * characters escaped.
 */
export function TryItDialog({
  tool,
  role,
  onClose,
}: {
  tool: ServerToolView;
  role: string;
  onClose: () => void;
}) {
  const stores = useStores();
  const fields = useMemo(() => fieldsOf(tool.inputSchema), [tool.inputSchema]);
  const [values, setValues] = useState<Record<string, FieldValue>>(() => initialValues(fields));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const waiting = useStore(stores.approvals, (s) =>
    s.approvals.find(
      (a) => a.keyName === CONTROL_CENTER_CALLER && a.tool === tool.name && a.role === role,
    ),
  );
  const { busy: deciding, run: act } = useAction();
  const formId = `try-${tool.name}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = toArguments(fields, values);
    if (!outcome.ok) {
      setErrors(outcome.errors);
      const first = fields.find((f) => outcome.errors[f.name]);
      if (first) document.getElementById(`${formId}-${first.name.replace(/\W+/g, '-')}`)?.focus();
      return;
    }
    setErrors({});
    setRun({ state: 'running' });
    try {
      const answer = await stores.serverPage
        .getState()
        .tryTool({ role, tool: tool.name, arguments: outcome.args });
      setRun({ state: 'done', answer });
    } catch (error) {
      setRun({ state: 'failed', error: messageOf(error) });
    }
  };
  const decide = (decision: 'approve' | 'deny') => {
    if (waiting) void act(() => stores.approvals.getState().decide(waiting.id, decision, false));
  };

  return (
    <Dialog
      title={`Try ${tool.originalName}`}
      open
      wide
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button
            type="submit"
            form={formId}
            className="button primary"
            disabled={run.state === 'running'}
          >
            {run.state === 'running' ? 'Calling…' : 'Call tool'}
          </button>
        </>
      }
    >
      <p className="muted small try-intro">
        Runs as <strong>{CONTROL_CENTER_CALLER}</strong> with the rules of role{' '}
        <strong>{role}</strong>: a deny rule refuses it, an ask rule waits for approval, and the
        call is written to Activity.
      </p>
      <form id={formId} className="form" noValidate onSubmit={(e) => void submit(e)}>
        {fields.length === 0 && <p className="muted">This tool takes no arguments.</p>}
        {fields.map((field) => (
          <SchemaFieldInput
            key={field.name}
            field={field}
            idPrefix={formId}
            value={values[field.name] ?? field.initial}
            error={errors[field.name]}
            onChange={(value) => setValues({ ...values, [field.name]: value })}
          />
        ))}
      </form>
      {run.state === 'running' &&
        (waiting ? (
          <div className="callout callout-warn try-waiting" role="status">
            <Icon name="question" size={14} />
            <div>
              <p>
                Waiting for approval: role <strong>{role}</strong> must ask before this tool runs.
              </p>
              <div className="try-decide">
                <button
                  type="button"
                  className="button primary small"
                  disabled={deciding}
                  onClick={() => decide('approve')}
                >
                  Approve
                </button>
                <button
                  type="button"
                  className="button small"
                  disabled={deciding}
                  onClick={() => decide('deny')}
                >
                  Deny
                </button>
              </div>
            </div>
          </div>
        ) : (
          <p className="muted" role="status">
            Calling {tool.originalName}…
          </p>
        ))}
      {run.state === 'failed' && <SheetError error={run.error} />}
      {run.state === 'done' && <ResultView answer={run.answer} />}
    </Dialog>
  );
}

/** The tool's whole answer as JSON, invisible characters shown as escapes. */
function ResultView({ answer }: { answer: TryToolResult }) {
  const json = JSON.stringify(answer.result, null, 2);
  return (
    <div className="try-result">
      <h3 className="section-label">
        Result {answer.isError ? <Tag tone="warn">error</Tag> : <Tag tone="good">ok</Tag>}
      </h3>
      <p className="sr-only-text" role="status">
        {answer.isError ? 'The tool answered with an error.' : 'The tool answered.'}
      </p>
      <InvisibleWarning texts={[json]} what="The result" />
      <pre className="log" aria-label="Result" tabIndex={0}>
        <VisibleText text={json} />
      </pre>
    </div>
  );
}
