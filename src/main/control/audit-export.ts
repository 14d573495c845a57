import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  AUDIT_CSV_COLUMNS,
  AuditFilterSchema,
  auditCsvRow,
  type AuditFilter,
} from '../../shared/audit-query.js';
import type { AuditEntry } from '../../shared/model.js';
import { sendJson } from '../gateway/index.js';

/** Where an export reads the log from: every matching line, newest first, masked. */
export interface AuditLines {
  all(filter: AuditFilter): AsyncIterable<AuditEntry>;
}

/** The export's query string: the filters of `readAudit`, plus the format. */
const ExportQuerySchema = AuditFilterSchema.extend({
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  format: z.enum(['jsonl', 'csv']).default('jsonl'),
});

/** Lines are sent in batches of about this many bytes (fewer writes, same memory bound). */
const BATCH_BYTES = 64 * 1024;

/**
 * `GET /control/audit-export?format=jsonl|csv&<filters>`: every line of the audit log on disk
 * that passes the filters, streamed as JSON Lines or CSV, newest first, as a download. The
 * response is written as the log is read, waiting for the client to drain, so an export of
 * the whole log holds one batch in memory at a time. The caller was authorized already.
 */
export async function exportAudit(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  lines: AuditLines,
): Promise<boolean> {
  if (req.method !== 'GET') {
    sendJson(res, 405, { ok: false, error: { code: 'invalid_input', message: 'use GET' } });
    return true;
  }
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
  const parsed = ExportQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = `invalid export query at ${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`;
    sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message } });
    return true;
  }
  const { format, ...filter } = parsed.data;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  res.writeHead(200, {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
    'content-disposition': `attachment; filename="switchboard-audit-${stamp}.${format}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  const row = format === 'csv' ? auditCsvRow : (e: AuditEntry) => JSON.stringify(e);
  let batch = format === 'csv' ? `${AUDIT_CSV_COLUMNS.join(',')}\r\n` : '';
  const end = format === 'csv' ? '\r\n' : '\n';
  for await (const entry of lines.all(filter)) {
    if (res.destroyed) return true; // the person cancelled the download
    batch += row(entry) + end;
    if (batch.length < BATCH_BYTES) continue;
    const flushed = res.write(batch);
    batch = '';
    if (!flushed) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  }
  res.end(batch);
  return true;
}
