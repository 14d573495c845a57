import type { LoggingLevel } from '@modelcontextprotocol/server';
import { errorMessage } from '../errors.js';
import type { Logger } from '../ports.js';
import type { Redactor } from '../observe/redact.js';
import {
  hears,
  LEVELS,
  serversHeard,
  severity,
  type RelayScopeDeps,
  type RelaySession,
} from './relay-session.js';
import { TokenBucket, type BucketLimits } from '../pipeline/token-bucket.js';

/** Default per-server allowance: a burst of 100 lines, then 20 a second. */
export const DEFAULT_LOG_LIMITS: BucketLimits = { capacity: 100, perSecond: 20 };

/** What the log relay needs. */
export interface LogRelayDeps extends RelayScopeDeps {
  redactor: Redactor;
  logger: Logger;
  limits?: BucketLimits;
  now?: () => number;
}

/**
 * Relays servers' `notifications/message` to agent sessions, and agents' `logging/setLevel`
 * to servers.
 *
 * One server connection serves every session, so it cannot log at each session's level: it is
 * set to the most verbose level any session that hears it asked for, and each session is sent
 * only the lines at or above its own level (a session that never asked gets every line). When
 * that session leaves, the server is set to the next most verbose level asked for; with none
 * left it keeps its last level. Lines are masked with the gateway's redactor, named after their
 * server, and limited per server by a token bucket; lines over the limit are dropped, counted.
 */
export class LogRelay {
  /** The level each server was last set to. */
  private readonly sent = new Map<string, LoggingLevel>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly drops = new Map<string, number>();
  /** Servers dropping lines now; their next passed line ends the warning. */
  private readonly dropping = new Set<string>();

  constructor(
    private readonly deps: LogRelayDeps,
    private readonly sessions: ReadonlySet<RelaySession>,
  ) {}

  /** Lines of a server dropped by the rate limit since start. */
  dropped(serverId: string): number {
    return this.drops.get(serverId) ?? 0;
  }

  /** A session's `logging/setLevel`: remembered, and passed to the servers it hears. */
  async setLevel(session: RelaySession, level: LoggingLevel): Promise<void> {
    session.level = level;
    await Promise.all(serversHeard(this.deps, session).map((id) => this.sync(id)));
  }

  /** A session left: the servers it heard may log less. */
  left(session: RelaySession): void {
    if (!session.level) return;
    for (const id of serversHeard(this.deps, session)) void this.sync(id);
  }

  /** A server (re)connected: it gets the level again (a new process starts at its default). */
  ready(serverId: string): void {
    this.sent.delete(serverId);
    void this.sync(serverId);
  }

  /** Sets a server to the most verbose level its sessions asked for, when that changed. */
  private async sync(serverId: string): Promise<void> {
    let wanted: LoggingLevel | undefined;
    for (const session of this.sessions) {
      if (!session.level || !hears(this.deps, session, serverId)) continue;
      if (!wanted || severity(session.level) < severity(wanted)) wanted = session.level;
    }
    if (!wanted || this.sent.get(serverId) === wanted) return;
    if (!this.deps.gateway.relays(serverId)?.logging) return;
    this.sent.set(serverId, wanted);
    try {
      await this.deps.gateway.broadcast(serverId, 'logging/setLevel', { level: wanted }, 'logging');
    } catch (error) {
      this.sent.delete(serverId);
      this.deps.logger.debug({ server: serverId, err: errorMessage(error) }, 'setLevel failed');
    }
  }

  /**
   * A line from a server: sent, masked and renamed, to the sessions that hear it at its level,
   * within the server's allowance. A line nobody hears costs nothing and is not counted.
   */
  deliver(serverId: string, params: Record<string, unknown>): void {
    const level = params.level as LoggingLevel;
    if (!LEVELS.includes(level)) return;
    const recipients = [...this.sessions].filter(
      (s) => (!s.level || severity(level) >= severity(s.level)) && hears(this.deps, s, serverId),
    );
    if (recipients.length === 0) return;
    if (!this.bucket(serverId).take()) return this.drop(serverId);
    this.dropping.delete(serverId);
    const { redactor } = this.deps;
    const logger = typeof params.logger === 'string' ? `${serverId}/${params.logger}` : serverId;
    const masked = { level, logger: redactor.text(logger), data: redactor.value(params.data) };
    for (const session of recipients) {
      void session.notify({ method: 'notifications/message', params: masked }).catch(() => {});
    }
  }

  private bucket(serverId: string): TokenBucket {
    let bucket = this.buckets.get(serverId);
    if (!bucket) {
      bucket = new TokenBucket(this.deps.limits ?? DEFAULT_LOG_LIMITS, this.deps.now);
      this.buckets.set(serverId, bucket);
    }
    return bucket;
  }

  private drop(serverId: string): void {
    this.drops.set(serverId, this.dropped(serverId) + 1);
    if (this.dropping.has(serverId)) return;
    this.dropping.add(serverId);
    this.deps.logger.warn(
      { server: serverId },
      `server ${serverId} logs faster than agents are sent; lines are dropped`,
    );
  }
}
