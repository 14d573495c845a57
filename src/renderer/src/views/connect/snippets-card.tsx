import { useState } from 'react';
import { CopyButton } from '../../components/copy-button';
import { buildSnippets, type Snippet } from './snippets';

/** Ready-to-paste configs for the common clients, one tab each. */
export function SnippetsCard({ endpoint, secret }: { endpoint: string; secret?: string }) {
  const snippets = buildSnippets(endpoint, secret);
  const [selected, setSelected] = useState<Snippet['id']>('claude-code');
  const current = snippets.find((s) => s.id === selected) ?? snippets[0]!;
  return (
    <section className="card snippets-card" aria-labelledby="snippets-title">
      <h2 id="snippets-title" className="card-title">
        Connect an agent
      </h2>
      <p className="muted small">
        {secret ? (
          'Filled in with the key you just created.'
        ) : (
          <>
            Create a key above, or replace <code>&lt;YOUR_KEY&gt;</code> with one.
          </>
        )}
      </p>
      <div className="segmented snippet-tabs" role="tablist" aria-label="Clients">
        {snippets.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            id={`tab-${s.id}`}
            aria-selected={s.id === current.id}
            aria-controls="snippet-panel"
            onClick={() => setSelected(s.id)}
          >
            {s.title}
          </button>
        ))}
      </div>
      <div
        id="snippet-panel"
        role="tabpanel"
        aria-labelledby={`tab-${current.id}`}
        className="snippet"
      >
        <div className="snippet-head">
          <span className="muted small">{current.where}</span>
          <CopyButton
            text={current.code}
            label={`Copy ${current.title} snippet`}
            className="button small"
          />
        </div>
        <pre className="code" aria-label={`${current.title} snippet`}>
          {current.code}
        </pre>
      </div>
    </section>
  );
}
