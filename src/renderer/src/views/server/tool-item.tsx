import type { ServerToolView } from '../../../../shared/control';
import type { Action } from '../../../../shared/model';
import { ActionBadge, Tag } from '../../components/status';
import { InvisibleWarning, VisibleText } from '../../components/visible-text';

/** The action the on/off switch and the "ask first" box stand for together. */
export function actionOf(on: boolean, askFirst: boolean): Action {
  return on ? (askFirst ? 'ask' : 'allow') : 'deny';
}

/**
 * One tool of a server's page: its names, description, annotations and schemas; whether the
 * role in view may use it (a switch and an "ask first" box writing the same exact-name rule a
 * click in the permissions grid writes); and the button that opens "Try it".
 */
export function ToolItem({
  tool,
  role,
  busy,
  onSetAction,
  onTry,
}: {
  tool: ServerToolView;
  role: string;
  busy: boolean;
  onSetAction: (action: Action) => void;
  onTry: () => void;
}) {
  const decision = tool.decisions[role];
  const action = decision?.action ?? 'ask';
  const on = action !== 'deny';
  const fromRule = decision?.source === 'rule';
  const a = tool.annotations;
  const headingId = `tool-${tool.name}`;
  return (
    <li className="tool-item" aria-labelledby={headingId}>
      <div className="tool-item-head">
        <div className="tool-item-title">
          <h3 id={headingId} className="mono">
            <VisibleText text={tool.originalName} />
          </h3>
          {tool.title && (
            <span className="muted">
              <VisibleText text={tool.title} />
            </span>
          )}
          <span className="tool-tags">
            {a.readOnly && <Tag tone="good">read-only</Tag>}
            {a.destructive && <Tag tone="warn">destructive</Tag>}
            {a.idempotent && <Tag>idempotent</Tag>}
            {a.openWorld && <Tag>open world</Tag>}
          </span>
        </div>
        <div className="tool-item-controls">
          <span className="tool-decision" title={decision?.reason}>
            <ActionBadge action={action} muted={!fromRule} />
            {!fromRule && <span className="default-marker">default</span>}
          </span>
          <button
            type="button"
            role="switch"
            className="switch"
            aria-checked={on}
            aria-label={`${tool.originalName} on for ${role}`}
            disabled={busy}
            onClick={() => onSetAction(actionOf(!on, action === 'ask'))}
          >
            <span className="switch-knob" aria-hidden="true" />
          </button>
          <label className="tool-ask">
            <input
              type="checkbox"
              aria-label={`Ask first: ${tool.originalName} for ${role}`}
              checked={action === 'ask'}
              disabled={busy || !on}
              onChange={(e) => onSetAction(actionOf(true, e.target.checked))}
            />
            Ask first
          </label>
          <button
            type="button"
            className="button small"
            aria-label={`Try it: ${tool.originalName}`}
            onClick={onTry}
          >
            Try it
          </button>
        </div>
      </div>
      {tool.description && (
        <>
          <InvisibleWarning texts={[tool.description]} what="This description" />
          <p className="tool-description">
            <VisibleText text={tool.description} />
          </p>
        </>
      )}
      <div className="tool-schemas">
        <SchemaDetails label="Input schema" value={tool.inputSchema} />
        {tool.outputSchema && <SchemaDetails label="Output schema" value={tool.outputSchema} />}
        {Object.keys(tool.hints).length > 0 && (
          <SchemaDetails label="Annotations" value={tool.hints} />
        )}
      </div>
    </li>
  );
}

/** A JSON document behind a disclosure, escaped like every text a server wrote. */
function SchemaDetails({ label, value }: { label: string; value: unknown }) {
  return (
    <details className="schema-details">
      <summary>{label}</summary>
      <pre className="log" tabIndex={0} aria-label={label}>
        <VisibleText text={JSON.stringify(value, null, 2)} />
      </pre>
    </details>
  );
}
