import type { ReactNode } from 'react';

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
  return (
    <header className="view-header">
      <div>
        <h1 id={id}>{title}</h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
      </div>
      {children && <div className="toolbar">{children}</div>}
    </header>
  );
}
