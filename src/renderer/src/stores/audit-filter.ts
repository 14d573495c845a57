import type { AuditFilter } from '../../../shared/audit-query';
import type { Action, Outcome } from '../../../shared/model';

/** The time ranges the filter offers; `custom` uses the from/to fields. */
export const TIME_RANGES = ['', '15m', '1h', '24h', '7d', 'custom'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

const RANGE_MS: Record<Exclude<TimeRange, '' | 'custom'>, number> = {
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
  '24h': 24 * 60 * 60_000,
  '7d': 7 * 24 * 60 * 60_000,
};

/** The activity view's filters as the form holds them; empty means "any". */
export interface AuditFilters {
  range: TimeRange;
  /** With `custom`: `datetime-local` values (local time), either may be empty. */
  from: string;
  to: string;
  key: string;
  role: string;
  server: string;
  tool: string;
  decision: Action | '';
  outcome: Outcome | '';
  text: string;
}

export const NO_FILTERS: AuditFilters = {
  range: '',
  from: '',
  to: '',
  key: '',
  role: '',
  server: '',
  tool: '',
  decision: '',
  outcome: '',
  text: '',
};

/** Whether any filter narrows the log. */
export function isFiltered(filters: AuditFilters): boolean {
  return (Object.keys(NO_FILTERS) as (keyof AuditFilters)[]).some(
    (k) => filters[k] !== NO_FILTERS[k],
  );
}

/**
 * The filter the gateway applies for the form's values, at `now` (a relative range such as
 * "last hour" is fixed when the query is made).
 */
export function toAuditFilter(filters: AuditFilters, now: number): AuditFilter {
  const out: AuditFilter = {};
  if (filters.range === 'custom') {
    const from = Date.parse(filters.from);
    const to = Date.parse(filters.to);
    if (Number.isFinite(from)) out.from = from;
    if (Number.isFinite(to)) out.to = to;
  } else if (filters.range) {
    out.from = now - RANGE_MS[filters.range];
  }
  if (filters.key) out.key = filters.key;
  if (filters.role) out.role = filters.role;
  if (filters.server) out.server = filters.server;
  if (filters.tool.trim()) out.tool = filters.tool.trim();
  if (filters.decision) out.decision = filters.decision;
  if (filters.outcome) out.outcome = filters.outcome;
  if (filters.text.trim()) out.text = filters.text.trim();
  return out;
}
