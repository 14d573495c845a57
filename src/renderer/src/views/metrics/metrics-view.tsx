import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { METRICS_RANGES, MetricsRangeSchema, type MetricsRange } from '../../../../shared/model';
import { formatBytes, formatCount, formatPercent } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/status';
import { ViewHeader } from '../../components/view-header';
import { useStores } from '../../stores-context';
import { rangeSamples } from '../../stores/metrics-store';
import { MetricsCharts } from './metrics-charts';
import { gapTimes, serverIds, throughputSeries } from './metrics-series';
import { SeriesLegend } from './series-legend';
import './metrics.css';

const RANGE_LABELS: Record<MetricsRange, { button: string; text: string }> = {
  '5m': { button: '5 min', text: 'last 5 minutes' },
  '1h': { button: '1 h', text: 'last hour' },
  '24h': { button: '24 h', text: 'last 24 hours' },
  '7d': { button: '7 days', text: 'last 7 days' },
};

/** Live figures and charts over 5 minutes to 7 days (the longer ranges survive restarts). */
export function MetricsView() {
  const stores = useStores();
  const metrics = stores.metrics;
  const state = useStore(metrics);
  const { totals, status, error, range, hidden } = state;
  const { ring, history } = state;
  const samples = useMemo(() => rangeSamples({ range, ring, history }), [range, ring, history]);
  const stepMs = METRICS_RANGES[range].stepMs;
  const ids = useMemo(() => serverIds(samples), [samples]);
  const gaps = useMemo(() => gapTimes(samples, stepMs), [samples, stepMs]);
  // The longer ranges are read again once per point while the view is open.
  useEffect(() => {
    if (range === '5m') return;
    void metrics.getState().refreshHistory();
    const timer = setInterval(
      () => void metrics.getState().refreshHistory(),
      Math.max(stepMs, 10_000),
    );
    return () => clearInterval(timer);
  }, [metrics, range, stepMs]);
  const latest = state.ring.items.at(-1);
  const lastThroughput = useMemo(() => throughputSeries(latest ? [latest] : [])[0], [latest]);
  const memoryNow = latest
    ? latest.gatewayRssBytes + latest.servers.reduce((sum, s) => sum + (s.rssBytes ?? 0), 0)
    : undefined;
  // Uptime as of the newest sample (the one the totals came from), so rendering stays pure.
  const uptime = latest && totals.startedAt ? Math.max(0, latest.t - totals.startedAt) : 0;
  const label = RANGE_LABELS[range].text;
  return (
    <section className="view" aria-labelledby="metrics-title">
      <ViewHeader
        id="metrics-title"
        title="Metrics"
        subtitle={`The ${label}${range === '5m' ? ', one sample a second, live' : ', kept across restarts'}.`}
      />
      {status === 'loading' && state.ring.items.length === 0 ? (
        <Loading what="metrics" />
      ) : status === 'error' ? (
        <LoadError title="Could not load metrics" error={error} />
      ) : (
        <>
          <dl className="stats" aria-label="Totals">
            <Stat
              label="Calls"
              value={formatCount(totals.calls)}
              note={`${(lastThroughput?.calls ?? 0).toFixed(1)}/s now`}
            />
            <Stat
              label="Errors"
              value={formatCount(totals.errors)}
              note={
                formatPercent(totals.calls ? totals.errors / totals.calls : undefined) + ' of calls'
              }
              tone={totals.errors > 0 ? 'bad' : undefined}
            />
            <Stat
              label="Cache hits"
              value={formatCount(totals.cacheHits)}
              note={
                formatPercent(totals.calls ? totals.cacheHits / totals.calls : undefined) +
                ' of calls'
              }
            />
            <Stat
              label="Memory"
              value={formatBytes(memoryNow)}
              note={`up ${formatUptime(uptime)}`}
            />
          </dl>
          <div className="metrics-controls">
            <div className="segmented" role="radiogroup" aria-label="Time range">
              {MetricsRangeSchema.options.map((r) => (
                <button
                  key={r}
                  type="button"
                  role="radio"
                  aria-checked={range === r}
                  onClick={() => void metrics.getState().setRange(r)}
                >
                  {RANGE_LABELS[r].button}
                </button>
              ))}
            </div>
            {state.historyError && (
              <span className="text-bad small" role="status">
                Could not read the history: {state.historyError}
              </span>
            )}
          </div>
          <SeriesLegend
            ids={ids}
            hidden={hidden}
            onToggle={(id) => metrics.getState().toggleSeries(id)}
          />
          {/* Live charts need two samples for a line; a history point stands alone (one dot). */}
          {samples.length < (range === '5m' ? 2 : 1) ? (
            <EmptyState
              icon="chart"
              title={range === '5m' ? 'Collecting samples' : 'No history yet'}
            >
              <p>
                {range === '5m'
                  ? 'Charts fill in as the gateway reports, once a second.'
                  : `Nothing was recorded in the ${label} yet.`}
              </p>
            </EmptyState>
          ) : (
            <MetricsCharts
              samples={samples}
              ids={ids}
              hidden={hidden}
              gaps={gaps}
              rangeLabel={label}
            />
          )}
        </>
      )}
    </section>
  );
}

function Stat({
  label,
  value,
  note,
  tone,
}: {
  label: string;
  value: string;
  note?: string;
  tone?: 'bad';
}) {
  return (
    <div className="card stat">
      <dt>{label}</dt>
      <dd className={tone === 'bad' ? 'text-bad' : undefined}>{value}</dd>
      {note && <dd className="muted small">{note}</dd>}
    </div>
  );
}

function formatUptime(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} days`;
}
