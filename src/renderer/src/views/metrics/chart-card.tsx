import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

/** A titled chart: a figure named by its heading, with a one-line text summary for screen readers. */
export function ChartCard({
  id,
  title,
  summary,
  empty,
  children,
}: {
  id: string;
  title: string;
  summary: string;
  /** Shown over the chart when the window holds nothing to draw. */
  empty?: string;
  children: ReactElement;
}) {
  return (
    <figure
      className="card chart-card"
      role="group"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-summary`}
    >
      <figcaption>
        <h2 id={`${id}-title`}>{title}</h2>
        <p id={`${id}-summary`} className="muted small">
          {summary}
        </p>
      </figcaption>
      <div className="chart-body">
        {empty && <p className="chart-empty muted">{empty}</p>}
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Series colours: CSS variables, so both themes pick their own shades. */
export const PALETTE = [
  'var(--chart-1)',
  'var(--chart-2)',
  'var(--chart-3)',
  'var(--chart-4)',
  'var(--chart-5)',
  'var(--chart-6)',
  'var(--chart-7)',
  'var(--chart-8)',
  'var(--chart-9)',
  'var(--chart-10)',
];

export const colorAt = (i: number) => PALETTE[i % PALETTE.length]!;

/** Tick labels: days over a week, minutes over a long window, seconds when it is short. */
export function timeTickFor(spanMs: number): (t: number) => string {
  if (spanMs > 2 * 24 * 60 * 60_000) {
    return (t) => new Date(t).toLocaleDateString([], { weekday: 'short', day: 'numeric' });
  }
  const options: Intl.DateTimeFormatOptions =
    spanMs < 5 * 60_000
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : { hour: '2-digit', minute: '2-digit' };
  return (t) => new Date(t).toLocaleTimeString([], options);
}

export const axisProps = {
  stroke: 'var(--text-3)',
  tick: { fill: 'var(--text-2)', fontSize: 11 },
  tickLine: false,
  axisLine: false,
} as const;

export const tooltipProps = {
  contentStyle: {
    background: 'var(--popover)',
    border: '1px solid var(--border)',
    borderRadius: 8,
    fontSize: 12,
    color: 'var(--text)',
    boxShadow: 'var(--shadow-pop)',
  },
  labelStyle: { color: 'var(--text-2)' },
  labelFormatter: (t: unknown) => new Date(Number(t)).toLocaleString(),
} as const;
