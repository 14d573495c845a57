import { auditCsvRow, AUDIT_CSV_COLUMNS, type AuditFilter } from '../../../shared/audit-query';
import type { ControlApi } from '../../../shared/control';

export type ExportFormat = 'jsonl' | 'csv';

/**
 * Where the browser downloads an export straight from the gateway (streamed to disk, the
 * session cookie authorizing it); undefined in the desktop app, which has no HTTP session
 * and builds the file from pages instead (`exportByPages`).
 */
export function auditExportUrl(filter: AuditFilter, format: ExportFormat): string | undefined {
  if (window.switchboard) return undefined;
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return `/control/audit-export?${params.toString()}`;
}

/** The same export read page by page through the control API (the desktop app's way). */
export async function exportByPages(
  api: ControlApi,
  filter: AuditFilter,
  format: ExportFormat,
): Promise<Blob> {
  const parts: string[] = format === 'csv' ? [`${AUDIT_CSV_COLUMNS.join(',')}\r\n`] : [];
  let cursor: string | undefined;
  do {
    const page = await api.queryAuditPage({
      ...filter,
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    for (const entry of page.entries) {
      parts.push(format === 'csv' ? `${auditCsvRow(entry)}\r\n` : `${JSON.stringify(entry)}\n`);
    }
    cursor = page.cursor;
  } while (cursor);
  return new Blob(parts, { type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' });
}

/** The file name of an export made now. */
export function exportFileName(format: ExportFormat): string {
  return `switchboard-audit-${new Date().toISOString().replace(/[:.]/g, '-')}.${format}`;
}
