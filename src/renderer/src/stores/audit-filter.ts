import type { AuditQuery } from '../../../shared/control';
import type { AuditEntry, Outcome } from '../../../shared/model';

/** The activity view's filters; empty means "any". */
export interface AuditFilters {
  role: string;
  server: string;
  outcome: Outcome | '';
  text: string;
}

export const NO_FILTERS: AuditFilters = { role: '', server: '', outcome: '', text: '' };

/** The query the filters ask the gateway for. */
export function toAuditQuery(filters: AuditFilters, limit: number): AuditQuery {
  return {
    limit,
    ...(filters.role ? { role: filters.role } : {}),
    ...(filters.server ? { server: filters.server } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(filters.text.trim() ? { text: filters.text.trim() } : {}),
  };
}

/**
 * Whether a live entry belongs in the filtered table. Text matching is a case-insensitive
 * substring over the tool, key, server and argument preview, close to what the gateway does.
 */
export function matchesAuditFilters(entry: AuditEntry, filters: AuditFilters): boolean {
  if (filters.role && entry.role !== filters.role) return false;
  if (filters.server && entry.serverId !== filters.server) return false;
  if (filters.outcome && entry.outcome !== filters.outcome) return false;
  const text = filters.text.trim().toLowerCase();
  if (!text) return true;
  return [entry.tool, entry.keyName, entry.serverId, entry.argsPreview, entry.error ?? ''].some(
    (field) => field.toLowerCase().includes(text),
  );
}
