import type { AuditEntry, DecidedBy } from '../../../shared/model.js';
import { preview } from './call-results.js';
import type { CallContext } from './call-context.js';
import { digestOf } from './canonical.js';
import type { AuditLog } from '../observe/audit.js';
import type { Redactor } from '../observe/redact.js';

/** What the pipeline knows about a finished call, before it becomes an audit entry. */
export interface AuditRecord {
  method: string;
  tool: string;
  serverId: string;
  args: Record<string, unknown>;
  /** `digestOf(args)` when the caller has it already (a tool call computes it once). */
  argsDigest?: string;
  ctx: CallContext;
  started: number;
  decision: AuditEntry['decision'];
  decidedBy: DecidedBy;
  outcome: AuditEntry['outcome'];
  error?: string;
  cacheHit?: boolean;
  answeredBy?: string;
  /** How long the call waited for its server to start (a cold start). */
  startMs?: number;
  /** For a relayed server request: the id of the call that caused it. */
  causedBy?: string;
  /** How long the call waited for a person. */
  waitMs?: number;
  /** How long the server (or cache) took once the call was let through. */
  serverMs?: number;
  /** The result's text as the agent got it; masked again and cut here. */
  result?: string;
}

/** How much of a result's text an audit line keeps. */
const RESULT_CHARS = 2000;

/**
 * The audit entry of a call: a digest of the exact arguments, a short redacted preview, and
 * errors with secrets masked — never the raw arguments.
 */
export function auditEntry(r: AuditRecord, redactor: Redactor, now: number): AuditEntry {
  // Built by assignment, not by spreading one small object per optional field: this runs on
  // every call, and the keys land in the same order (the line on disk is the same).
  const entry: Omit<AuditEntry, 'cacheHit'> & { cacheHit?: boolean } = {
    time: new Date(r.started).toISOString(),
    keyName: r.ctx.principal.keyName,
    role: r.ctx.principal.role,
    method: r.method,
    tool: r.tool,
    serverId: r.serverId,
    argsDigest: r.argsDigest ?? digestOf(r.args),
    argsPreview: preview(redactor.value(r.args)),
    decision: r.decision,
    decidedBy: r.decidedBy,
    outcome: r.outcome,
    durationMs: now - r.started,
  };
  if (r.waitMs !== undefined) entry.waitMs = r.waitMs;
  if (r.serverMs !== undefined) entry.serverMs = r.serverMs;
  entry.cacheHit = r.cacheHit ?? false;
  if (r.startMs !== undefined) entry.startMs = r.startMs;
  if (r.answeredBy) entry.answeredBy = r.answeredBy;
  if (r.error) entry.error = redactor.text(r.error).slice(0, 500);
  if (r.result) entry.result = redactor.text(r.result).slice(0, RESULT_CHARS);
  // A call that caused relayed requests names itself, so their lines can point at it.
  if (r.ctx.agent?.relayed) entry.callId = r.ctx.agent.callId;
  if (r.causedBy) entry.causedBy = r.causedBy;
  return entry as AuditEntry;
}

/** What the pipeline reports to the metrics core. */
export interface CallMetrics {
  observeCall(
    serverId: string,
    durationMs: number,
    outcome: AuditEntry['outcome'],
    cacheHit: boolean,
  ): void;
  inFlight(serverId: string, delta: 1 | -1): void;
  /** One approval wait that ended (approved, denied, timed out or cancelled). */
  observeWait?(waitMs: number): void;
  /** How long a call waited for its server to start (absent in metrics that do not keep it). */
  observeColdStart?(serverId: string, ms: number): void;
}

/** Where a finished call is recorded: made once by `Calls`, shared by every request it answers. */
export interface CallRecorder {
  readonly redactor: Redactor;
  readonly audit: AuditLog;
  readonly metrics: CallMetrics;
  readonly now: () => number;
}

/** Appends one audit line (on disk before the agent sees the answer) and observes metrics. */
export function recordCall(recorder: CallRecorder, r: AuditRecord): void {
  const { redactor, audit, metrics } = recorder;
  const entry = auditEntry(r, redactor, recorder.now());
  audit.append(entry);
  const serverMs = entry.serverMs ?? entry.durationMs - (entry.waitMs ?? 0);
  metrics.observeCall(entry.serverId, serverMs, entry.outcome, entry.cacheHit);
  if (entry.waitMs !== undefined) metrics.observeWait?.(entry.waitMs);
  if (entry.startMs !== undefined) metrics.observeColdStart?.(entry.serverId, entry.startMs);
}
