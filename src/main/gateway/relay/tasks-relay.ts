import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ProtocolError, type CallToolResult } from '@modelcontextprotocol/server';
import type { AuditEntry, DecidedBy } from '../../../shared/model.js';
import type { PrincipalRef } from '../http/agent-server.js';
import type { Calls } from '../pipeline/calls.js';
import type { CallContext, Scope } from '../pipeline/call-context.js';
import { disconnectOf } from '../http/disconnect.js';
import { errorMessage } from '../errors.js';
import { decideTool } from '../pipeline/exposure.js';
import { ANSWERED_BY, type Gateway } from '../gateway.js';
import type { AgentChannel } from './server-requests.js';
import type { ServerSignal } from './server-signals.js';
import { TASK_METHODS, type TaskMethod } from '../upstream/task-methods.js';

/** A task with no ttl (the server keeps it for ever) is forgotten by the gateway after this. */
const MAX_TASK_MS = 24 * 60 * 60_000;
/** Tasks one key may hold; starting one more forgets its oldest (the registry stays bounded). */
export const MAX_TASKS_PER_KEY = 1024;
/** How long a blocking `tasks/result` may wait downstream at most. */
const MAX_RESULT_WAIT_MS = 60 * 60_000;
const RELATED_TASK = 'io.modelcontextprotocol/related-task';
/** The one answer to a task that does not exist or is another key's: existence is not told. */
const NOT_FOUND = { code: -32602, message: 'Failed to retrieve task: Task not found' };

/** The 2025-era session a task request arrives on. */
export interface TaskSession {
  readonly id: string;
  readonly principal: PrincipalRef;
  readonly scope: Scope;
  /** Sends a notification on the session's standalone stream. */
  notify(method: string, params: Record<string, unknown>): Promise<void>;
}

/** One task started through the gateway, bound to the key that started it. */
interface TaskEntry {
  readonly id: string;
  readonly serverId: string;
  readonly upstreamId: string;
  readonly keyName: string;
  readonly role: string;
  readonly tool: string;
  readonly args: Record<string, unknown>;
  readonly decision: AuditEntry['decision'];
  readonly decidedBy: DecidedBy;
  readonly expiresAt: number;
  readonly session: TaskSession;
}

interface RpcRequest {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: Record<string, unknown>;
}

type Answer = { result: Record<string, unknown> } | { error: { code: number; message: string } };

/** What the relay needs. */
export interface TasksRelayDeps {
  gateway: Gateway;
  calls: Calls;
}

/**
 * 2025-11-25 tasks through the gateway, answered below the SDK (2.4 has no task runtime): a
 * task-augmented `tools/call` to a server that declared tasks runs the call pipeline as any
 * call (policy, approvals, audit) and answers the server's CreateTaskResult; `tasks/get`,
 * `tasks/result`, `tasks/list` and `tasks/cancel` reach the owning server only for the key
 * that started the task. Agents see gateway task ids, never the servers' own.
 */
export class TasksRelay {
  private readonly tasks = new Map<string, TaskEntry>();
  /** `<server>\0<upstream id>` → gateway id, for status notifications. */
  private readonly byUpstream = new Map<string, string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: TasksRelayDeps) {
    this.unsubscribe = deps.gateway.signals.subscribe((signal) => this.onSignal(signal));
  }

  /** Tasks the gateway remembers (for tests and status). */
  get size(): number {
    return this.tasks.size;
  }

  close(): void {
    this.unsubscribe();
  }

  /**
   * Answers `body` on `res` when it is a task request this relay serves; false leaves it to
   * the SDK (a call without `task`, a call to a server without tasks, anything else).
   */
  /**
   * Whether a request may be the relay's: a task method, or a call that asks for a task. A
   * cheap synchronous look, so ordinary calls on the hot path build nothing and await nothing.
   */
  mayAnswer(body: unknown): boolean {
    const request = body as RpcRequest | undefined;
    const method = request?.method;
    if (method === 'tools/call') return request?.params?.task !== undefined;
    return TASK_METHODS.includes(method as TaskMethod);
  }

  async answer(res: ServerResponse, body: unknown, session: TaskSession): Promise<boolean> {
    const request = body as RpcRequest | undefined;
    if (request?.jsonrpc !== '2.0') return false;
    if (typeof request.id !== 'string' && typeof request.id !== 'number') return false;
    const method = request.method;
    let answer: Promise<Answer>;
    if (method === 'tools/call' && this.isTaskCall(request.params, session.scope)) {
      answer = this.startTask(request.params!, session, disconnectOf(res));
    } else if (TASK_METHODS.includes(method as TaskMethod)) {
      answer = this.taskRequest(
        method as TaskMethod,
        request.params ?? {},
        session,
        disconnectOf(res),
      );
    } else {
      return false;
    }
    const reply = await answer;
    const text = JSON.stringify({ jsonrpc: '2.0', id: request.id, ...reply });
    if (res.writableEnded) return true;
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'mcp-session-id': session.id,
    });
    res.end(text);
    return true;
  }

  /** A task-augmented call of a catalog tool whose server runs tool calls as tasks. */
  private isTaskCall(params: Record<string, unknown> | undefined, scope: Scope): boolean {
    if (!params || typeof params.task !== 'object' || params.task === null) return false;
    const name = String(params.name);
    const catalog = this.deps.gateway.catalog;
    const tool = scope.serverId ? catalog.toolOf(scope.serverId, name) : catalog.tool(name);
    return !!tool && !!this.deps.gateway.relays(tool.serverId)?.tasks;
  }

  private async startTask(
    params: Record<string, unknown>,
    session: TaskSession,
    disconnect: AbortSignal,
  ): Promise<Answer> {
    const { principal, scope } = session;
    const name = String(params.name);
    const args = (params.arguments as Record<string, unknown> | undefined) ?? {};
    const catalog = this.deps.gateway.catalog;
    const tool = (scope.serverId ? catalog.toolOf(scope.serverId, name) : catalog.tool(name))!;
    const id = randomUUID();
    const owner = principal.current;
    const ctx: CallContext = {
      principal: owner,
      signal: disconnect,
      agent: taskChannel(id, `${owner.keyName}\0${session.id}`),
      task: params.task as Record<string, unknown>,
    };
    // The decision the pipeline takes now; a task that started under `ask` was approved.
    const decision = decideTool(this.deps.gateway.config, owner.role, tool, args);
    const decidedBy = decision.action === 'ask' ? 'person' : decision.source;
    try {
      const result = await this.deps.calls.callTool(scope, name, args, ctx);
      const task = result.task as { taskId?: unknown; ttl?: unknown } | undefined;
      if (typeof task?.taskId !== 'string') return { result };
      const answeredBy = result._meta?.[ANSWERED_BY];
      this.remember({
        id,
        serverId: typeof answeredBy === 'string' ? answeredBy : tool.serverId,
        upstreamId: task.taskId,
        keyName: owner.keyName,
        role: owner.role,
        tool: tool.name,
        args,
        decision: decision.action,
        decidedBy,
        expiresAt: Date.now() + (typeof task.ttl === 'number' ? task.ttl : MAX_TASK_MS),
        session,
      });
      return { result: { ...result, task: { ...task, taskId: id } } };
    } catch (error) {
      return { error: rpcError(error, tool.serverId) };
    }
  }

  private remember(entry: TaskEntry): void {
    const expiresAt = Math.min(entry.expiresAt, Date.now() + MAX_TASK_MS);
    this.tasks.set(entry.id, { ...entry, expiresAt });
    this.byUpstream.set(`${entry.serverId}\0${entry.upstreamId}`, entry.id);
    this.bound(entry.keyName);
  }

  private async taskRequest(
    method: TaskMethod,
    params: Record<string, unknown>,
    session: TaskSession,
    disconnect: AbortSignal,
  ): Promise<Answer> {
    this.expire();
    const keyName = session.principal.current.keyName;
    if (method === 'tasks/list') return { result: { tasks: await this.listOwn(session) } };
    const entry = this.tasks.get(String(params.taskId));
    // Another key's task is answered exactly as an unknown one.
    if (!entry || entry.keyName !== keyName) return { error: NOT_FOUND };
    const started = Date.now();
    const wait = Math.min(Math.max(entry.expiresAt - started, 1_000), MAX_RESULT_WAIT_MS);
    try {
      const result = await this.deps.gateway.forward(
        entry.serverId,
        method,
        { ...params, taskId: entry.upstreamId },
        {
          signal: disconnect,
          ...(method === 'tasks/result' ? { timeout: wait } : {}),
        },
      );
      const settled =
        method === 'tasks/result' ? this.settle(entry, session, result, started) : result;
      return { result: this.ownIds(entry, settled as Record<string, unknown>) };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(errorMessage(error));
      const settled =
        method === 'tasks/result' ? this.settle(entry, session, failure, started) : error;
      return { error: rpcError(settled, entry.serverId) };
    }
  }

  /** The caller's tasks (of its scope's server on `/mcp/<id>`), each as its server sees it now. */
  private async listOwn(session: TaskSession): Promise<Record<string, unknown>[]> {
    const keyName = session.principal.current.keyName;
    const serverId = session.scope.serverId;
    const own = [...this.tasks.values()].filter(
      (t) => t.keyName === keyName && (!serverId || t.serverId === serverId),
    );
    const listed = await Promise.all(
      own.map((entry) =>
        this.deps.gateway
          .forward(entry.serverId, 'tasks/get', { taskId: entry.upstreamId }, {})
          .then((task) => this.ownIds(entry, task))
          .catch(() => undefined),
      ),
    );
    return listed.filter((t): t is Record<string, unknown> => t !== undefined);
  }

  /** A server's answer with its task id replaced by the gateway's, wherever it names it. */
  private ownIds(entry: TaskEntry, result: Record<string, unknown>): Record<string, unknown> {
    const out = { ...result };
    if (out.taskId === entry.upstreamId) out.taskId = entry.id;
    const meta = out._meta as Record<string, unknown> | undefined;
    if (meta?.[RELATED_TASK]) out._meta = { ...meta, [RELATED_TASK]: { taskId: entry.id } };
    return out;
  }

  /**
   * A task's result as a call's (size limit, masking) with its audit line, linked to the
   * starting call's line (`causedBy` = that line's `callId`).
   */
  private settle(
    entry: TaskEntry,
    session: TaskSession,
    outcome: Record<string, unknown> | Error,
    started: number,
  ): unknown {
    return this.deps.calls.settleTask(
      {
        method: 'tasks/result',
        tool: entry.tool,
        serverId: entry.serverId,
        args: entry.args,
        ctx: { principal: session.principal.current, signal: new AbortController().signal },
        started,
        decision: entry.decision,
        decidedBy: entry.decidedBy,
        causedBy: taskCallId(entry.id),
      },
      outcome as CallToolResult | Error,
    );
  }

  /** A status change goes to the session that started the task, and nowhere else. */
  private onSignal(signal: ServerSignal): void {
    if (signal.type !== 'notification' || signal.method !== 'notifications/tasks/status') return;
    const id = this.byUpstream.get(`${signal.serverId}\0${String(signal.params.taskId)}`);
    const entry = id === undefined ? undefined : this.tasks.get(id);
    if (!entry) return;
    const params = this.ownIds(entry, signal.params);
    void entry.session.notify(signal.method, params).catch(() => undefined);
  }

  /**
   * Forgets the tasks of keys no longer live (revoked, expired): a key later made with the same
   * name must not inherit them. The servers keep them until their ttl.
   */
  forgetUnless(live: ReadonlySet<string>): void {
    for (const entry of this.tasks.values()) if (!live.has(entry.keyName)) this.forget(entry);
  }

  private expire(now = Date.now()): void {
    for (const entry of this.tasks.values()) if (entry.expiresAt <= now) this.forget(entry);
  }

  /** Keeps a key within MAX_TASKS_PER_KEY by forgetting its oldest tasks (Maps keep order). */
  private bound(keyName: string): void {
    const own = [...this.tasks.values()].filter((t) => t.keyName === keyName);
    for (const entry of own.slice(0, Math.max(0, own.length - MAX_TASKS_PER_KEY))) {
      this.forget(entry);
    }
  }

  private forget(entry: TaskEntry): void {
    this.tasks.delete(entry.id);
    this.byUpstream.delete(`${entry.serverId}\0${entry.upstreamId}`);
  }
}

/** The audit `callId` of the call that started a task. */
function taskCallId(taskId: string): string {
  return `task-${taskId}`;
}

/**
 * The agent side of a task-starting call, answered outside the SDK: its audit line carries the
 * task's `callId`; a server request during it is refused (there is no stream to carry it).
 */
function taskChannel(taskId: string, owner: string): AgentChannel {
  return {
    callId: taskCallId(taskId),
    relayed: true,
    owner,
    capabilities: () => undefined,
    request: () => Promise.reject(new Error('no agent stream while a task starts')),
    notify: () => undefined,
  };
}

/** A JSON-RPC error for a failure: the server's own error as it sent it, else one naming it. */
function rpcError(error: unknown, serverId: string): { code: number; message: string } {
  if (error instanceof ProtocolError) return { code: error.code, message: error.message };
  return { code: -32603, message: `server "${serverId}" failed: ${errorMessage(error)}` };
}
