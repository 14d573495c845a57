import { useState } from 'react';
import type { Snippet } from '../../../../shared/model';
import { CopyButton } from '../../components/copy-button';
import { TabList, tabId } from '../../components/tabs';

/** What to do with a snippet, in a few words. */
function whereText(snippet: Snippet): string {
  switch (snippet.format) {
    case 'shell':
      return `Run in ${snippet.where}`;
    case 'json':
      return `Add to ${snippet.where}`;
    case 'python':
      return `Save as ${snippet.where} and run it`;
  }
}

/** Ready-to-paste configs for the common clients (written by the gateway), one tab each. */
export function SnippetsCard({
  snippets,
  error,
  secret,
}: {
  snippets: Snippet[];
  error?: string;
  secret?: string;
}) {
  const [selected, setSelected] = useState<Snippet['client']>('claude-code');
  const current = snippets.find((s) => s.client === selected) ?? snippets[0];
  // The snippets reload after a key is created: until they do, they still say <YOUR_KEY>.
  const filledIn = Boolean(secret && current?.text.includes(secret));
  return (
    <section className="card snippets-card" aria-labelledby="snippets-title">
      <h2 id="snippets-title" className="card-title">
        Connect an agent
      </h2>
      <p className="muted small">
        {filledIn ? (
          'Filled in with the key you just created.'
        ) : (
          <>
            Create a key above, or replace <code>&lt;YOUR_KEY&gt;</code> with one.
          </>
        )}
      </p>
      {error && (
        <p className="field-error" role="alert">
          Could not load the snippets: {error}
        </p>
      )}
      {current && (
        <>
          <TabList
            className="segmented snippet-tabs"
            label="Clients"
            tabs={snippets.map((s) => ({ id: s.client, label: s.title }))}
            selected={current.client}
            onSelect={setSelected}
            idPrefix="snippet"
            panelId="snippet-panel"
          />
          <div
            id="snippet-panel"
            role="tabpanel"
            aria-labelledby={tabId('snippet', current.client)}
            className="snippet"
          >
            <div className="snippet-head">
              <span className="muted small">{whereText(current)}</span>
              <CopyButton
                text={current.text}
                label={`Copy ${current.title} snippet`}
                className="button small"
              />
            </div>
            <pre className="code" aria-label={`${current.title} snippet`}>
              {current.text}
            </pre>
          </div>
        </>
      )}
    </section>
  );
}
