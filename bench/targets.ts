import type { Target as BenchTarget } from './report.js';
import type { SearchFigures } from './search-hook.js';

/** The benchmark's targets (and the tool search target), judged on the medians; PASS/MISS only. */
export function targets(search: SearchFigures): BenchTarget[] {
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : '—');
  const judge = (v: number, ok: (v: number) => boolean) => (Number.isFinite(v) ? ok(v) : undefined);
  return [
    {
      label: 'added p50 latency, small call, c=1 (SB → same HTTP fixture − direct) < 0.3 ms',
      judge: (r) => {
        const v = r.value('small.c1.added', 'sbHttp');
        return { figure: ms(v), pass: judge(v, (x) => x < 0.3) };
      },
    },
    {
      label: 'throughput at c=64 ≥ 80% of direct (SB → same HTTP fixture)',
      judge: (r) => {
        const v = r.value('small.c64.tput', 'sbHttp') / r.value('small.c64.tput', 'direct');
        return {
          figure: Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : '—',
          pass: judge(v, (x) => x >= 0.8),
        };
      },
    },
    {
      label: 'tools/list over 500+ tools (10 servers) < 5 ms p50, SDK client',
      judge: (r) => {
        const v = r.value('list.p50', 'sbStdio');
        return { figure: ms(v), pass: judge(v, (x) => x < 5) };
      },
    },
    {
      label: 'gateway RSS with 10 idle servers < 150 MB (children separate)',
      judge: (r) => {
        const v = r.value('rss.idle', 'sbStdio');
        return {
          figure: Number.isFinite(v) ? `${v.toFixed(1)} MB` : '—',
          pass: judge(v, (x) => x < 150),
        };
      },
    },
    {
      label:
        'first complete tools/list with 10 configured servers ≤ 200 ms (from spawn), everyday start: they ran before',
      judge: (r) => {
        const v = r.value('start.firstList.again', 'sbStdio');
        const floor = r.value('start.floor', 'direct');
        const sdk = r.value('start.floor.sdk', 'direct');
        const floors = [
          Number.isFinite(floor) ? `a bare endpoint: ${Math.round(floor)} ms` : '',
          Number.isFinite(sdk) ? `the SDK's part alone: ${Math.round(sdk)} ms` : '',
        ].filter(Boolean);
        const extra = floors.length
          ? ` (its floors, with the same agent and tools: ${floors.join('; ')})`
          : '';
        return {
          figure: Number.isFinite(v) ? `${Math.round(v)} ms${extra}` : '—',
          pass: judge(v, (x) => x <= 200),
        };
      },
    },
    {
      label:
        'the same on the very first start (fresh data dir: nothing remembered, nothing shipped for these fixtures; V8 code cache from any earlier run) ≤ 500 ms',
      judge: (r) => {
        const v = r.value('start.firstList', 'sbStdio');
        const floor = r.value('start.firstList', 'direct');
        const cold = r.value('start.firstList.coldCode', 'sbStdio');
        const notes = [
          Number.isFinite(floor) ? `10 servers without Switchboard: ${Math.round(floor)} ms` : '',
          Number.isFinite(cold) ? `without the code cache: ${Math.round(cold)} ms` : '',
        ].filter(Boolean);
        const extra = notes.length ? ` (${notes.join('; ')})` : '';
        return {
          figure: Number.isFinite(v) ? `${Math.round(v)} ms${extra}` : '—',
          pass: judge(v, (x) => x <= 500),
        };
      },
    },
    {
      label:
        'the very first start with 10 real preset servers, their lists shipped with the package ≤ 500 ms',
      judge: (r) => {
        const v = r.value('start.presets.shipped', 'sbStdio');
        const none = r.value('start.presets.none', 'sbStdio');
        const extra = Number.isFinite(none)
          ? ` (without shipped lists: ${Math.round(none)} ms)`
          : '';
        return {
          figure: Number.isFinite(v) ? `${Math.round(v)} ms${extra}` : '—',
          pass: judge(v, (x) => x <= 500),
        };
      },
    },
    {
      label: 'tool search per query < 2 ms p50 on 1,000 tools (in-process)',
      judge: () =>
        search.measured
          ? { figure: ms(search.p50), pass: search.p50 < 2 }
          : { figure: '—', pass: undefined },
    },
  ];
}

/** The results.md section for the tool search hook. */
export function searchSection(search: SearchFigures): string {
  const head = '## Tool search (bench/search-hook.ts)\n\n';
  if (!search.measured) return `${head}Not measured: ${search.reason}.\n`;
  return (
    `${head}${search.queries} queries over ${search.tools} generated tools, in-process on ` +
    `src/main/gateway/catalog/search.ts: p50 ${search.p50.toFixed(3)} ms, p99 ${search.p99.toFixed(3)} ms ` +
    `(index build ${search.buildMs.toFixed(1)} ms).\n`
  );
}
