import { useEffect, useRef, type ReactNode } from 'react';
import { takeHeadingFocus } from './focus-on-view';

/** A view's title bar: heading, one-line summary, and its toolbar. */
export function ViewHeader({
  id,
  title,
  subtitle,
  children,
}: {
  id: string;
  title: string;
  subtitle?: ReactNode;
  children?: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeHeadingFocus()) heading.current?.focus();
  }, []);
  return (
    <header className="view-header">
      <div>
        <h1 id={id} ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
      </div>
      {children && <div className="toolbar">{children}</div>}
    </header>
  );
}
