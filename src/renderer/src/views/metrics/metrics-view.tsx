import { useMemo } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useStore } from 'zustand';
import { formatBytes, formatCount, formatPercent } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/status';
import { ViewHeader } from '../../components/view-header';
import { useStores } from '../../stores-context';
import { axisProps, ChartCard, colorAt, timeTickFor, tooltipProps } from './chart-card';
import {
  cacheSeries,
  latencySeries,
  memorySeries,
  serverIds,
  throughputSeries,
  type SeriesRow,
} from './metrics-series';

const grid = <CartesianGrid stroke="var(--grid)" vertical={false} />;

/** A series with one value draws no line (a lone "M"), so one call left the chart blank: dot it. */
function loneDot(rows: readonly SeriesRow[], key: string, color: string) {
  return rows.filter((row) => row[key] !== undefined).length === 1
    ? { r: 3, fill: color, strokeWidth: 0 }
    : false;
}

/** The last 15 minutes, live: latency, throughput, cache and memory, plus running totals. */
export function MetricsView() {
  const stores = useStores();
  const { ring, totals, status, error } = useStore(stores.metrics);
  const samples = ring.items;
  const ids = useMemo(() => serverIds(samples), [samples]);
  const latency = useMemo(() => latencySeries(samples), [samples]);
  const throughput = useMemo(() => throughputSeries(samples), [samples]);
  const cache = useMemo(() => cacheSeries(samples), [samples]);
  const memory = useMemo(() => memorySeries(samples, ids), [samples, ids]);
  const latest = samples.at(-1);
  const span = samples.length > 1 ? samples.at(-1)!.t - samples[0]!.t : 0;
  const xAxis = (
    <XAxis
      dataKey="t"
      type="number"
      domain={['dataMin', 'dataMax']}
      scale="time"
      tickFormatter={timeTickFor(span)}
      minTickGap={56}
      {...axisProps}
    />
  );
  const noLatency = !samples.some((s) => s.servers.some((x) => x.p50Ms !== undefined));
  const noCache = cache.every((row) => row.hitRate === undefined);
  const lastThroughput = throughput.at(-1);
  const memoryNow = latest
    ? latest.gatewayRssBytes + latest.servers.reduce((sum, s) => sum + (s.rssBytes ?? 0), 0)
    : undefined;
  const uptime = totals.startedAt ? Math.max(0, Date.now() - totals.startedAt) : 0;
  return (
    <section className="view" aria-labelledby="metrics-title">
      <ViewHeader
        id="metrics-title"
        title="Metrics"
        subtitle="The last 15 minutes, one sample a second."
      />
      {status === 'loading' && samples.length === 0 ? (
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
          {samples.length < 2 ? (
            <EmptyState icon="chart" title="Collecting samples">
              <p>Charts fill in as the gateway reports, once a second.</p>
            </EmptyState>
          ) : (
            <div className="charts">
              <ChartCard
                id="chart-latency"
                title="Latency per server"
                summary={`p50 (solid) and p95 (dashed) in milliseconds, ${ids.length} servers`}
                empty={noLatency ? 'No calls in the last 15 minutes' : undefined}
              >
                <LineChart data={latency} margin={{ top: 8, right: 12, left: -8, bottom: 0 }}>
                  {grid}
                  {xAxis}
                  <YAxis {...axisProps} unit=" ms" width={64} domain={[0, 'auto']} />
                  <Tooltip {...tooltipProps} />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  {ids.flatMap((id, i) => [
                    <Line
                      key={`${id}:p50`}
                      name={`${id} p50`}
                      dataKey={`${id}:p50`}
                      stroke={colorAt(i)}
                      dot={loneDot(latency, `${id}:p50`, colorAt(i))}
                      strokeWidth={1.75}
                      isAnimationActive={false}
                      connectNulls
                    />,
                    <Line
                      key={`${id}:p95`}
                      name={`${id} p95`}
                      dataKey={`${id}:p95`}
                      stroke={colorAt(i)}
                      strokeDasharray="4 3"
                      dot={loneDot(latency, `${id}:p95`, colorAt(i))}
                      strokeWidth={1.25}
                      isAnimationActive={false}
                      connectNulls
                      legendType="none"
                    />,
                  ])}
                </LineChart>
              </ChartCard>
              <ChartCard
                id="chart-throughput"
                title="Calls and errors per second"
                summary="All servers together"
              >
                <AreaChart data={throughput} margin={{ top: 8, right: 12, left: -8, bottom: 0 }}>
                  {grid}
                  {xAxis}
                  <YAxis {...axisProps} width={48} allowDecimals={false} />
                  <Tooltip {...tooltipProps} />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  <Area
                    name="calls/s"
                    dataKey="calls"
                    stroke="var(--chart-1)"
                    fill="var(--chart-1)"
                    fillOpacity={0.15}
                    isAnimationActive={false}
                  />
                  <Area
                    name="errors/s"
                    dataKey="errors"
                    stroke="var(--red)"
                    fill="var(--red)"
                    fillOpacity={0.2}
                    isAnimationActive={false}
                  />
                </AreaChart>
              </ChartCard>
              <ChartCard
                id="chart-cache"
                title="Cache hit rate"
                summary="Share of calls answered from the cache"
                empty={noCache ? 'No cacheable calls yet' : undefined}
              >
                <AreaChart data={cache} margin={{ top: 8, right: 12, left: -8, bottom: 0 }}>
                  {grid}
                  {xAxis}
                  <YAxis
                    {...axisProps}
                    domain={[0, 1]}
                    tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
                    width={48}
                  />
                  <Tooltip {...tooltipProps} formatter={(v) => formatPercent(Number(v))} />
                  <Area
                    name="hit rate"
                    dataKey="hitRate"
                    stroke="var(--chart-3)"
                    fill="var(--chart-3)"
                    fillOpacity={0.15}
                    dot={loneDot(cache, 'hitRate', 'var(--chart-3)')}
                    isAnimationActive={false}
                    connectNulls
                  />
                </AreaChart>
              </ChartCard>
              <ChartCard
                id="chart-memory"
                title="Memory"
                summary="Resident memory in MB, gateway and each server, stacked"
              >
                <AreaChart data={memory} margin={{ top: 8, right: 12, left: -8, bottom: 0 }}>
                  {grid}
                  {xAxis}
                  <YAxis {...axisProps} unit=" MB" width={64} />
                  <Tooltip {...tooltipProps} formatter={(v) => `${Number(v).toFixed(0)} MB`} />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  <Area
                    name="gateway"
                    dataKey="gateway"
                    stackId="mem"
                    stroke="var(--text-3)"
                    fill="var(--text-3)"
                    fillOpacity={0.25}
                    isAnimationActive={false}
                  />
                  {ids.map((id, i) => (
                    <Area
                      key={id}
                      name={id}
                      dataKey={id}
                      stackId="mem"
                      stroke={colorAt(i)}
                      fill={colorAt(i)}
                      fillOpacity={0.25}
                      isAnimationActive={false}
                    />
                  ))}
                </AreaChart>
              </ChartCard>
            </div>
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
