import { Icon } from './icons';
import { countInvisible, splitInvisible } from './invisible-text';
import './visible-text.css';

/**
 * Text from an agent or a server, with every invisible or direction-changing character shown
 * as a marked escape (`\u202E`), so what the person reads is what the bytes say.
 */
export function VisibleText({ text }: { text: string }) {
  const parts = splitInvisible(text);
  if (!parts.some((p) => p.hidden)) return <>{text}</>;
  return (
    <>
      {parts.map((part, i) =>
        part.hidden ? (
          <span key={i} className="invisible-char" title="An invisible character, shown escaped">
            {part.text}
          </span>
        ) : (
          part.text
        ),
      )}
    </>
  );
}

/** A warning that these texts hold invisible characters; nothing when none does. */
export function InvisibleWarning({ texts, what }: { texts: (string | undefined)[]; what: string }) {
  const count = texts.reduce((sum, text) => sum + (text ? countInvisible(text) : 0), 0);
  if (count === 0) return null;
  return (
    <div className="callout callout-warn" role="note" aria-label="Invisible characters">
      <Icon name="warning" size={14} />
      <span>
        {what} contains {count} invisible or direction-changing character{count === 1 ? '' : 's'}{' '}
        (bidi overrides, zero-width spaces…). They are shown as <code>\u…</code> escapes: read it as
        written, not as a browser would display it.
      </span>
    </div>
  );
}
