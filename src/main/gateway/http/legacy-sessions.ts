import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { Server } from '@modelcontextprotocol/server';
import { createAgentServer, listTools, type PrincipalRef } from './agent-server.js';
import type { EndpointOptions } from './endpoint.js';
import type { ResponseCancel } from './disconnect.js';
import type { Asked, LaneSession } from './lean-lane.js';
import type { Principal, Scope } from '../pipeline/call-context.js';
import type { TaskSession } from '../relay/tasks-relay.js';

/** Legacy sessions one key may hold; opening one more closes its least recently used. */
export const MAX_SESSIONS_PER_KEY = 32;
/** A legacy session unused this long is closed. */
export const SESSION_IDLE_MS = 30 * 60_000;

/** One 2025-era agent session: its SDK server and transport, bound to the key that opened it. */
export interface Session {
  transport: NodeStreamableHTTPServerTransport;
  server: Server;
  principal: PrincipalRef;
  scopeKey: string;
  lastSeen: number;
  /** The session as the lean lane sees it (lean-lane.ts). */
  lane: LaneSession;
}

/**
 * The 2025-era sessions of the endpoint: opened by an `initialize`, found by `Mcp-Session-Id`,
 * bounded per key, closed when idle or when their key is revoked. Their hottest read, a plain
 * `tools/list`, is answered here from a list serialized once per catalog version and config.
 */
export class LegacySessions {
  private readonly sessions = new Map<string, Session>();
  private readonly toolsLists = new Map<
    string,
    { version: number; config: unknown; json: string }
  >();

  constructor(private readonly options: EndpointOptions) {}

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /** Opens a session for an `initialize` request and answers it. */
  async open(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    principal: Principal,
    scope: Scope,
    scopeKey: string,
  ): Promise<void> {
    const ref: PrincipalRef = { current: principal };
    const server = createAgentServer(this.options, ref, scope);
    this.options.relays?.attach(server, ref, scope);
    const inFlight = new Map<string | number, ResponseCancel>();
    const asked = new Map<string, Asked>();
    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.evictBeyondLimit(principal.keyName);
        this.sessions.set(id, {
          transport,
          server,
          principal: ref,
          scopeKey,
          lastSeen: Date.now(),
          lane: { id, server, principal: ref, scope, inFlight, asked },
        });
      },
      onsessionclosed: (id) => {
        this.sessions.delete(id);
      },
    });
    transport.onclose = () => {
      // A closed session ends its calls, on the lane as on the SDK path.
      for (const call of inFlight.values()) call.abort(new Error('the session closed'));
      inFlight.clear();
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  /**
   * The hottest read, answered without the SDK: a plain `tools/list` on an established session
   * gets the role's list serialized once per catalog version and config, with the request's id
   * spliced in (a JSON response, which Streamable HTTP clients accept). Hundreds of tools cost
   * one string concatenation instead of a stringify per request (`npm run bench`).
   */
  answerToolsList(res: ServerResponse, body: unknown, session: Session): boolean {
    const request = body as
      { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown } | undefined;
    if (!request || request.jsonrpc !== '2.0' || request.method !== 'tools/list') return false;
    if (typeof request.id !== 'string' && typeof request.id !== 'number') return false;
    const params = request.params as
      { cursor?: unknown; _meta?: { progressToken?: unknown } } | undefined;
    if (params?.cursor !== undefined || params?._meta?.progressToken !== undefined) return false;
    const role = session.principal.current.role;
    const key = `${role}\0${session.scopeKey}`;
    const version = this.options.gateway.catalog.version;
    const config = this.options.gateway.config;
    let cached = this.toolsLists.get(key);
    if (!cached || cached.version !== version || cached.config !== config) {
      const scope = session.scopeKey ? { serverId: session.scopeKey } : {};
      cached = {
        version,
        config,
        json: JSON.stringify({ tools: listTools(this.options, role, scope) }),
      };
      this.toolsLists.set(key, cached);
    }
    const text = `{"jsonrpc":"2.0","id":${JSON.stringify(request.id)},"result":${cached.json}}`;
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'mcp-session-id': session.transport.sessionId ?? '',
    });
    res.end(text);
    return true;
  }

  /** Ends the sessions of keys not in `live` (revoked or expired), which aborts their calls. */
  endUnless(live: ReadonlySet<string>): void {
    for (const [id, session] of this.sessions) {
      if (live.has(session.principal.current.keyName)) continue;
      this.close(id, session);
    }
  }

  /** Closes sessions nobody used for SESSION_IDLE_MS; their ids then get 404. */
  expireIdle(now = Date.now()): void {
    for (const [id, session] of this.sessions) {
      if (now - session.lastSeen >= SESSION_IDLE_MS) this.close(id, session);
    }
  }

  /** Tells every session's agent that lists changed. */
  notifyListsChanged(): void {
    for (const session of this.sessions.values()) {
      void session.server.sendToolListChanged().catch(() => undefined);
      void session.server.sendResourceListChanged().catch(() => undefined);
      void session.server.sendPromptListChanged().catch(() => undefined);
    }
  }

  async closeAll(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(sessions.map((s) => s.transport.close()));
  }

  /** Keeps a key below its session bound by closing its least recently used session. */
  private evictBeyondLimit(keyName: string): void {
    const own = [...this.sessions.entries()].filter(
      ([, s]) => s.principal.current.keyName === keyName,
    );
    if (own.length < MAX_SESSIONS_PER_KEY) return;
    own.sort(([, a], [, b]) => a.lastSeen - b.lastSeen);
    for (const [id, session] of own.slice(0, own.length - MAX_SESSIONS_PER_KEY + 1)) {
      this.close(id, session);
    }
  }

  private close(id: string, session: Session): void {
    this.sessions.delete(id);
    void session.transport.close().catch(() => undefined);
  }
}

/** A session as the tasks relay sees it: its notifications go out on its standalone stream. */
export function taskSession(session: Session, id: string): TaskSession {
  const scope = session.scopeKey ? { serverId: session.scopeKey } : {};
  const notify = (method: string, params: Record<string, unknown>) =>
    session.transport.send({ jsonrpc: '2.0', method, params });
  return { id, principal: session.principal, scope, notify };
}
