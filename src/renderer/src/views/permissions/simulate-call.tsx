import { useState, type FormEvent } from 'react';
import type { DecisionView, ToolView } from '../../../../shared/model';
import { ActionBadge } from '../../components/status';
import { messageOf } from '../../stores/load-state';

/** An arguments object to start from: the tool's required properties, empty. */
function argsTemplate(tool: ToolView | undefined): string {
  const schema = tool?.inputSchema as { required?: unknown; properties?: unknown } | undefined;
  const required = Array.isArray(schema?.required) ? (schema.required as string[]) : [];
  const props = (schema?.properties ?? {}) as Record<string, { type?: unknown }>;
  const blank = (name: string) => {
    const type = props[name]?.type;
    return type === 'number' || type === 'integer' ? 0 : type === 'boolean' ? false : '';
  };
  return JSON.stringify(Object.fromEntries(required.map((n) => [n, blank(n)])), null, 2);
}

/** Parses the typed arguments: an object, or why not. */
function parseArgs(text: string): { args: Record<string, unknown> } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (error) {
    return { problem: `The arguments are not JSON: ${messageOf(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: 'The arguments must be a JSON object, e.g. {"path": "/tmp/x"}.' };
  }
  return { args: value as Record<string, unknown> };
}

/**
 * "Simulate this call": a tool and its arguments, judged for the role by the gateway's own
 * decision (the control API's explainDecision, which `switchboard explain` also prints), so
 * the answer is the pipeline's: the deciding rule, and each conditional rule passed over.
 */
export function SimulateCall({
  role,
  tools,
  dirty,
  onExplain,
}: {
  role: string;
  tools: readonly ToolView[];
  /** Unsaved edits above: the simulation judges the saved rules. */
  dirty: boolean;
  onExplain: (role: string, tool: string, args: Record<string, unknown>) => Promise<DecisionView>;
}) {
  const [toolName, setToolName] = useState(tools[0]?.name ?? '');
  const [text, setText] = useState(() => argsTemplate(tools[0]));
  const [result, setResult] = useState<DecisionView>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const pick = (name: string) => {
    setToolName(name);
    setText(argsTemplate(tools.find((t) => t.name === name)));
    setResult(undefined);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseArgs(text);
    if ('problem' in parsed) {
      setProblem(parsed.problem);
      setResult(undefined);
      return;
    }
    setBusy(true);
    try {
      setResult(await onExplain(role, toolName, parsed.args));
      setProblem(undefined);
    } catch (error) {
      setProblem(messageOf(error));
      setResult(undefined);
    } finally {
      setBusy(false);
    }
  };
  if (tools.length === 0) return null;
  return (
    <form
      className="simulate card"
      aria-labelledby="simulate-title"
      onSubmit={(e) => void submit(e)}
    >
      <h3 id="simulate-title">Simulate a call as {role}</h3>
      <p className="muted small">
        The gateway decides it as it would an agent&apos;s call, with the same answer as{' '}
        <code>switchboard explain</code>.{dirty && ' Unsaved edits above are not part of it.'}
      </p>
      <div className="simulate-fields">
        <label className="field">
          <span>Tool</span>
          <select value={toolName} onChange={(e) => pick(e.target.value)}>
            {tools.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Arguments (JSON)</span>
          <textarea
            spellCheck={false}
            value={text}
            aria-invalid={problem ? true : undefined}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
      </div>
      <div>
        <button type="submit" className="button" disabled={busy || toolName === ''}>
          Simulate
        </button>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {result && (
        <div className="simulate-result" role="status" aria-label="Simulated decision">
          <div>
            <ActionBadge action={result.action} />{' '}
            <span>
              {result.source === 'rule' && result.ruleIndex !== undefined
                ? `Decided by rule ${result.ruleIndex + 1}`
                : 'Decided by the default'}
            </span>
          </div>
          <p className="small">{result.reason}</p>
          {result.skipped && result.skipped.length > 0 && (
            <ul aria-label="Rules passed over">
              {result.skipped.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
