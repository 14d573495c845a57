import type { ServerPromptView, ServerResourceView } from '../../../../shared/control';
import { Tag } from '../../components/status';
import { VisibleText } from '../../components/visible-text';

/** The resources and resource templates a server lists. */
export function ResourceList({ resources }: { resources: ServerResourceView[] }) {
  if (resources.length === 0) return <p className="muted">This server lists no resources.</p>;
  return (
    <ul className="card offer-list" aria-label="Resources">
      {resources.map((r) => (
        <li key={`${r.template}:${r.uri}`} className="offer-item">
          <div className="offer-head">
            <strong>
              <VisibleText text={r.title ?? r.name} />
            </strong>
            <span className="mono small">
              <VisibleText text={r.uri} />
            </span>
            {r.template && <Tag>template</Tag>}
            {r.mimeType && <Tag>{r.mimeType}</Tag>}
          </div>
          {r.description && (
            <p className="muted small">
              <VisibleText text={r.description} />
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The prompts a server lists, with their arguments. */
export function PromptList({ prompts }: { prompts: ServerPromptView[] }) {
  if (prompts.length === 0) return <p className="muted">This server lists no prompts.</p>;
  return (
    <ul className="card offer-list" aria-label="Prompts">
      {prompts.map((p) => (
        <li key={p.name} className="offer-item">
          <div className="offer-head">
            <strong className="mono">
              <VisibleText text={p.name} />
            </strong>
            {p.title && (
              <span className="muted">
                <VisibleText text={p.title} />
              </span>
            )}
          </div>
          {p.description && (
            <p className="muted small">
              <VisibleText text={p.description} />
            </p>
          )}
          {p.arguments.length > 0 && (
            <ul className="prompt-args" aria-label={`Arguments of ${p.name}`}>
              {p.arguments.map((a) => (
                <li key={a.name}>
                  <span className="mono">{a.name}</span>
                  {a.required && <span className="required-mark"> *</span>}
                  {a.description && (
                    <span className="muted">
                      {' '}
                      — <VisibleText text={a.description} />
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
