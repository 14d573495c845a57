import { colorAt } from './chart-card';

/**
 * One legend for every chart: a toggle per server, wrapping in rows of compact chips so ten
 * servers fit above the charts instead of crowding each chart's own legend.
 */
export function SeriesLegend({
  ids,
  hidden,
  onToggle,
}: {
  ids: readonly string[];
  hidden: readonly string[];
  onToggle: (id: string) => void;
}) {
  if (ids.length === 0) return null;
  return (
    <div className="series-legend" role="group" aria-label="Servers shown">
      {ids.map((id, i) => {
        const shown = !hidden.includes(id);
        return (
          <button
            key={id}
            type="button"
            className="series-chip"
            aria-pressed={shown}
            title={shown ? `Hide ${id} in the charts` : `Show ${id} in the charts`}
            onClick={() => onToggle(id)}
          >
            <span className="series-swatch" style={{ background: colorAt(i) }} aria-hidden />
            {id}
          </button>
        );
      })}
      <span className="muted small series-note">p50 solid · p95 dashed</span>
    </div>
  );
}
