import { useEffect, useState } from 'react';
import { Icon } from './icons';

/** Copies text to the clipboard and says so for a moment. */
export function CopyButton({
  text,
  label = 'Copy',
  className = 'button',
}: {
  text: string;
  label?: string;
  className?: string;
}) {
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(undefined), 1800);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className={className}
      aria-label={label}
      // Both outcomes are shown by the button itself; the click handler has nothing to wait for.
      onClick={() =>
        void navigator.clipboard.writeText(text).then(
          () => setCopied('yes'),
          () => setCopied('failed'),
        )
      }
    >
      <Icon name={copied === 'yes' ? 'check' : 'copy'} size={14} />
      <span aria-live="polite">
        {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Select and copy' : 'Copy'}
      </span>
    </button>
  );
}
