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
import type { MetricsSample } from '../../../../shared/model';
import { formatPercent } from '../../components/format';
import { axisProps, ChartCard, colorAt, timeTickFor, tooltipProps } from './chart-card';
import {
  cacheSeries,
  latencyLines,
  memorySeries,
  throughputSeries,
  waitSeries,
  withGaps,
  type SeriesRow,
} from './metrics-series';

const grid = <CartesianGrid stroke="var(--grid)" vertical={false} />;
const margin = { top: 8, right: 12, left: -8, bottom: 0 };

/** A series with one value draws no line (a lone "M"), so one call left the chart blank: dot it. */
function loneDot(rows: readonly SeriesRow[], key: string, color: string) {
  return rows.filter((row) => row[key] !== undefined).length === 1
    ? { r: 3, fill: color, strokeWidth: 0 }
    : false;
}

/**
 * The charts of one range. Latency is the servers' own time (approval waits have their own
 * chart); every line breaks where the gateway was not sampling.
 */
export function MetricsCharts({
  samples,
  ids,
  hidden,
  gaps,
  rangeLabel,
}: {
  samples: readonly MetricsSample[];
  /** Every server seen, in legend order (colours follow this order). */
  ids: readonly string[];
  hidden: readonly string[];
  gaps: readonly number[];
  rangeLabel: string;
}) {
  const shown = ids
    .map((id, i) => ({ id, color: colorAt(i) }))
    .filter((s) => !hidden.includes(s.id));
  const latency = useMemo(() => latencyLines(samples, ids, gaps), [samples, ids, gaps]);
  const throughput = useMemo(() => withGaps(throughputSeries(samples), gaps), [samples, gaps]);
  const cache = useMemo(
    () =>
      withGaps(
        cacheSeries(samples).filter((r) => r.hitRate !== undefined),
        gaps,
      ),
    [samples, gaps],
  );
  const memory = useMemo(
    () => withGaps(memorySeries(samples, [...ids]), gaps),
    [samples, ids, gaps],
  );
  const waits = useMemo(() => waitSeries(samples, gaps), [samples, gaps]);
  const start = samples[0]?.t ?? 0;
  const end = samples.at(-1)?.t ?? 0;
  const xAxis = (
    <XAxis
      dataKey="t"
      type="number"
      domain={[start, end]}
      scale="time"
      tickFormatter={timeTickFor(end - start)}
      minTickGap={56}
      allowDuplicatedCategory={false}
      {...axisProps}
    />
  );
  const noLatency = [...latency.values()].every((rows) => rows.length === 0);
  return (
    <div className="charts">
      <ChartCard
        id="chart-latency"
        title="Latency per server"
        summary={`Server time: p50 (solid) and p95 (dashed) in milliseconds, approval waits left out, ${shown.length} of ${ids.length} servers`}
        empty={noLatency ? `No calls in the ${rangeLabel}` : undefined}
      >
        <LineChart margin={margin}>
          {grid}
          {xAxis}
          <YAxis {...axisProps} unit=" ms" width={64} domain={[0, 'auto']} />
          <Tooltip {...tooltipProps} />
          {shown.flatMap(({ id, color }) => {
            const rows = latency.get(id) ?? [];
            return [
              <Line
                key={`${id}:p50`}
                data={rows}
                name={`${id} p50`}
                dataKey="p50"
                stroke={color}
                dot={loneDot(rows, 'p50', color)}
                strokeWidth={1.75}
                isAnimationActive={false}
              />,
              <Line
                key={`${id}:p95`}
                data={rows}
                name={`${id} p95`}
                dataKey="p95"
                stroke={color}
                strokeDasharray="4 3"
                dot={loneDot(rows, 'p95', color)}
                strokeWidth={1.25}
                isAnimationActive={false}
              />,
            ];
          })}
        </LineChart>
      </ChartCard>
      <ChartCard
        id="chart-waits"
        title="Approval waits"
        summary="How long calls waited for a person, in seconds: median (solid) and longest (dashed)"
        empty={waits.length === 0 ? `No approvals in the ${rangeLabel}` : undefined}
      >
        <LineChart data={waits} margin={margin}>
          {grid}
          {xAxis}
          <YAxis {...axisProps} unit=" s" width={56} domain={[0, 'auto']} />
          <Tooltip {...tooltipProps} formatter={(v) => `${Number(v).toFixed(1)} s`} />
          <Line
            name="median wait"
            dataKey="p50"
            stroke="var(--chart-4)"
            dot={{ r: 2, fill: 'var(--chart-4)', strokeWidth: 0 }}
            isAnimationActive={false}
          />
          <Line
            name="longest wait"
            dataKey="max"
            stroke="var(--chart-4)"
            strokeDasharray="4 3"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ChartCard>
      <ChartCard
        id="chart-throughput"
        title="Calls and errors per second"
        summary="All servers together"
      >
        <AreaChart data={throughput} margin={margin}>
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
        empty={cache.length === 0 ? 'No cacheable calls yet' : undefined}
      >
        <AreaChart data={cache} margin={margin}>
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
          />
        </AreaChart>
      </ChartCard>
      <ChartCard
        id="chart-memory"
        title="Memory"
        summary="Resident memory in MB, gateway and each server shown, stacked"
      >
        <AreaChart data={memory} margin={margin}>
          {grid}
          {xAxis}
          <YAxis {...axisProps} unit=" MB" width={64} />
          <Tooltip {...tooltipProps} formatter={(v) => `${Number(v).toFixed(0)} MB`} />
          <Area
            name="gateway"
            dataKey="gateway"
            stackId="mem"
            stroke="var(--text-3)"
            fill="var(--text-3)"
            fillOpacity={0.25}
            isAnimationActive={false}
          />
          {shown.map(({ id, color }) => (
            <Area
              key={id}
              name={id}
              dataKey={id}
              stackId="mem"
              stroke={color}
              fill={color}
              fillOpacity={0.25}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </ChartCard>
    </div>
  );
}
