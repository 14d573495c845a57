import { z } from 'zod';
import { ActionSchema, OutcomeSchema, type AuditEntry } from './model.js';

/**
 * Which audit lines a person is looking for; every field is optional and means "any" when
 * absent. The gateway applies it to the whole log on disk, the UI to lines arriving live.
 */
export const AuditFilterSchema = z.object({
  /** Calls that arrived at or after this time (ms since the epoch). */
  from: z.number().int().nonnegative().optional(),
  /** Calls that arrived before this time (ms since the epoch). */
  to: z.number().int().nonnegative().optional(),
  /** The key's name, exactly. */
  key: z.string().max(200).optional(),
  role: z.string().max(200).optional(),
  server: z.string().max(200).optional(),
  /** Part of the tool's name (or the resource URI), any case. */
  tool: z.string().max(200).optional(),
  decision: ActionSchema.optional(),
  /** How the call ended (the "status" column). */
  outcome: OutcomeSchema.optional(),
  /** Part of the tool, key, arguments, error or result, any case. */
  text: z.string().max(200).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

/** One page of the audit log, read backwards from a cursor. */
export const AuditPageQuerySchema = AuditFilterSchema.extend({
  /** Where the previous page stopped; absent: start at the newest line. */
  cursor: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type AuditPageQuery = z.input<typeof AuditPageQuerySchema>;

/** A page of matching lines, newest first, and where the next (older) page starts. */
export interface AuditPage {
  entries: AuditEntry[];
  /** Absent when the whole log (or the time range) has been read. */
  cursor?: string;
  /** The arrival time (ms) of the oldest line looked at, matching or not. */
  scannedTo?: number;
}

/** Whether an audit line passes a filter; the one definition both sides use. */
export function matchesAuditFilter(entry: AuditEntry, filter: AuditFilter): boolean {
  if (filter.key && entry.keyName !== filter.key) return false;
  if (filter.role && entry.role !== filter.role) return false;
  if (filter.server && entry.serverId !== filter.server) return false;
  if (filter.decision && entry.decision !== filter.decision) return false;
  if (filter.outcome && entry.outcome !== filter.outcome) return false;
  if (filter.from !== undefined || filter.to !== undefined) {
    const t = Date.parse(entry.time);
    if (filter.from !== undefined && !(t >= filter.from)) return false;
    if (filter.to !== undefined && !(t < filter.to)) return false;
  }
  if (filter.tool && !entry.tool.toLowerCase().includes(filter.tool.toLowerCase())) return false;
  const text = filter.text?.trim().toLowerCase();
  if (!text) return true;
  return [
    entry.tool,
    entry.keyName,
    entry.serverId,
    entry.argsPreview,
    entry.error ?? '',
    entry.result ?? '',
  ].some((field) => field.toLowerCase().includes(text));
}

/** The columns of a CSV export, in order. */
export const AUDIT_CSV_COLUMNS = [
  'time',
  'keyName',
  'role',
  'method',
  'tool',
  'serverId',
  'decision',
  'decidedBy',
  'outcome',
  'durationMs',
  'waitMs',
  'serverMs',
  'cacheHit',
  'answeredBy',
  'argsPreview',
  'error',
  'result',
] as const satisfies readonly (keyof AuditEntry)[];

/**
 * One CSV field (RFC 4180 quoting). A text that a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'`, since arguments come from agents.
 */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One audit line as a CSV row (no line end). */
export function auditCsvRow(entry: AuditEntry): string {
  return AUDIT_CSV_COLUMNS.map((column) => csvField(entry[column])).join(',');
}
