import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isInitializeRequest, isLegacyRequest } from '@modelcontextprotocol/server';
import type { Calls } from '../pipeline/calls.js';
import type { Principal, Scope } from '../pipeline/call-context.js';
import {
  DEFAULT_CONNECTION_GUARD,
  guardConnections,
  type ConnectionGuard,
  type ConnectionGuardOptions,
} from './connection-guard.js';
import { errorMessage } from '../errors.js';
import type { Exposure } from '../pipeline/exposure.js';
import type { MetaTools } from '../catalog/meta-tools.js';
import type { Gateway } from '../gateway.js';
import { OpenResponses, liveKeyNames } from './key-revocation.js';
import {
  allowedHosts,
  allowedOrigins,
  hostProblem,
  originProblem,
  targetProblem,
} from './guards.js';
import {
  BodyError,
  DEFAULT_MAX_BODY_BYTES,
  parseJsonBody,
  readBody,
  sendJson,
} from './http-body.js';
import type { Logger } from '../ports.js';
import { LeanLane } from './lean-lane.js';
import { LegacySessions, taskSession } from './legacy-sessions.js';
import { ModernLane } from './lean-modern.js';
import { ModernHandlers } from './modern-handlers.js';
import type { SessionRelays } from '../relay/session-relays.js';
import { TasksRelay } from '../relay/tasks-relay.js';

/** A route the endpoint does not own (the control API, the web UI); returns false to pass. */
export type ExtraRoute = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => Promise<boolean> | boolean;

/** What the endpoint needs. */
export interface EndpointOptions {
  gateway: Gateway;
  calls: Calls;
  exposure: Exposure;
  meta: MetaTools;
  logger: Logger;
  /** Maps an `Authorization` header to the caller, or undefined for a missing or bad key. */
  authenticate(authorization: string | undefined): Authenticated | undefined;
  port: number;
  host?: string;
  maxBodyBytes?: number;
  extraRoutes?: ExtraRoute[];
  /** Limits on silent and unauthenticated connections (connection-guard.ts); tests shrink them. */
  connections?: Partial<ConnectionGuardOptions>;
  /** Log lines and resource subscriptions relayed to agents (session-relays.ts). */
  relays?: SessionRelays;
}

/** A caller whose key checked out, and until when the key is good (epoch ms; none: no expiry). */
export interface Authenticated extends Principal {
  readonly expiresAt?: number;
}

/** What a connection proved with its key: the header it sent, and who that is until when. */
interface Verified {
  header: string;
  principal: Principal;
  expiresAt: number | undefined;
}

/** A running endpoint. */
export interface Endpoint {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  close(): Promise<void>;
}

export { MAX_SESSIONS_PER_KEY, SESSION_IDLE_MS } from './legacy-sessions.js';

/** Requests one key may have in flight at once; more get 429. */
export const MAX_IN_FLIGHT_PER_KEY = 256;
/** Open connections the endpoint accepts at once. */
export const MAX_CONNECTIONS = 2048;

/**
 * The localhost HTTP endpoint: `/mcp` (all servers, namespaced), `/mcp/<server>` (one server,
 * its own names), `/health`, and whatever extra routes the host adds.
 *
 * Each request passes the guards in order — Host, Origin, key — before its body is read.
 * 2025-era agents get stateful sessions (one SDK `Server` per session, bound to the key that
 * opened it); 2026-07-28 agents are served per request by the SDK's `createMcpHandler`.
 */
export async function startEndpoint(options: EndpointOptions): Promise<Endpoint> {
  const state = new EndpointState(options);
  // Node checks headersTimeout/requestTimeout only every connectionsCheckingInterval (30 s by
  // default): check each second, so a slow-headers client is cut off after ~10 s.
  const http = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    state.handle(req, res).catch((error: unknown) => {
      options.logger.error({ err: errorMessage(error) }, 'request failed');
      if (!res.headersSent) sendRpcError(res, 500, -32603, 'Internal error');
      else res.end();
    });
  });
  // Slow-header and slow-body clients are cut off.
  http.headersTimeout = 10_000;
  http.requestTimeout = 30_000;
  http.maxConnections = MAX_CONNECTIONS;
  state.connections = guardConnections(http, {
    ...DEFAULT_CONNECTION_GUARD,
    ...options.connections,
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  state.setPort(port);
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () => state.close(http),
  };
}

class EndpointState {
  private hosts = new Set<string>();
  private origins = new Set<string>();
  private readonly sessions: LegacySessions;
  /** The SDK's handlers of 2026-07-28 requests, one per scope and role (modern-handlers.ts). */
  private readonly modern: ModernHandlers;
  private readonly unsubscribe: () => void;
  private notifyTimer: NodeJS.Timeout | undefined;
  private readonly sweeper: NodeJS.Timeout;
  private readonly open = new OpenResponses();
  /** The key each connection proved last (see `authenticate`); emptied when the config changes. */
  private verified = new WeakMap<Socket, Verified>();
  /** 2025-11-25 tasks, answered below the SDK (tasks-relay.ts). */
  readonly tasks: TasksRelay;
  /** Hot requests on sessions, answered below the SDK (lean-lane.ts). */
  private readonly lane: LeanLane;
  /** Hot requests of 2026-07-28 agents, answered without a per-request SDK server. */
  private readonly modernLane: ModernLane;
  connections: ConnectionGuard | undefined;

  constructor(private readonly options: EndpointOptions) {
    this.sessions = new LegacySessions(options);
    this.tasks = new TasksRelay(options);
    this.lane = new LeanLane(options);
    this.modernLane = new ModernLane(options);
    this.modern = new ModernHandlers(options);
    this.sweeper = setInterval(() => {
      this.sessions.expireIdle();
      this.endRevoked();
    }, 60_000);
    this.sweeper.unref();
    this.unsubscribe = options.gateway.subscribe((event) => {
      if (event.type === 'configChanged') {
        this.verified = new WeakMap();
        this.endRevoked();
      }
      // A catalog change or a config change (rules, keys' roles) can change what agents see.
      if (event.type !== 'serverChanged') this.scheduleListChanged();
    });
  }

  setPort(port: number): void {
    this.hosts = allowedHosts(port);
    this.origins = allowedOrigins(port);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused =
      hostProblem(req.headers.host, this.hosts) ?? originProblem(req.headers.origin, this.origins);
    if (refused) return sendRpcError(res, 403, -32000, `Forbidden: ${refused}`);
    const badTarget = targetProblem(req.url);
    if (badTarget) return sendRpcError(res, 400, -32000, `Bad Request: ${badTarget}`);
    // An agent's every request goes to `/mcp` as it is: nothing to parse or normalise.
    if (req.url === '/mcp') return this.mcp(req, res, '/mcp');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path === '/health' && req.method === 'GET') return this.health(res);
    if (path === '/mcp' || path.startsWith('/mcp/')) return this.mcp(req, res, path);
    for (const route of this.options.extraRoutes ?? []) {
      if (await route(req, res, url)) return;
    }
    sendJson(res, 404, { error: `no route for ${req.method} ${path}` });
  }

  private health(res: ServerResponse): void {
    // No key opens /health, so it says how each server is, never why: a server's error text
    // can quote its own secrets. The reason is in the control API, masked.
    const servers = this.options.gateway.statuses().map((s) => ({
      id: s.id,
      state: s.state,
      tools: s.tools,
    }));
    const { paused } = this.options.gateway.config.settings;
    sendJson(res, 200, { status: 'ok', paused, servers });
  }

  private async mcp(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const scope = this.scopeOf(path);
    if (!scope) return sendRpcError(res, 404, -32601, `no server at ${path}`);
    const principal = this.authenticate(req);
    if (!principal) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="switchboard"');
      return sendRpcError(res, 401, -32001, 'Unauthorized: send Authorization: Bearer <key>');
    }
    if (this.connections?.trust(req.socket, principal.keyName) === false) {
      res.setHeader('Connection', 'close');
      return sendRpcError(res, 429, -32000, `Too many connections for key "${principal.keyName}"`);
    }
    // A key's requests in flight are its open responses, which revocation ends too.
    if (this.open.count(principal.keyName) >= MAX_IN_FLIGHT_PER_KEY) {
      return sendRpcError(
        res,
        429,
        -32000,
        `Too many requests in flight for key "${principal.keyName}"`,
      );
    }
    this.open.track(principal.keyName, res);
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') return this.existingSession(req, res, sessionId, principal);
    if (req.method !== 'POST') {
      return sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    }
    const body = await this.readJson(req, res);
    if (body === REFUSED) return;
    const hot = this.modernLane.takes(req, body);
    if (hot) return this.modernLane.answer(res, hot, toPrincipal(principal), scope);
    const scopeKey = scope.serverId ?? '';
    if (await isLegacyRequest(headersOnly(req), body)) {
      if (!isInitializeRequest(body)) {
        return sendRpcError(res, 400, -32000, 'Bad Request: no session; send initialize first');
      }
      return this.sessions.open(req, res, body, principal, scope, scopeKey);
    }
    const withAuth = Object.assign(req, {
      auth: { token: '', clientId: principal.keyName, scopes: [], extra: { role: principal.role } },
    });
    const modern = this.modern.get(scope, scopeKey, principal.role);
    const release = this.options.relays?.listen(body, principal, scope, modern.handler.notify);
    if (release) res.once('close', release);
    await modern.node(withAuth, res, body);
  }

  private async existingSession(
    req: IncomingMessage,
    res: ServerResponse,
    sessionId: string,
    principal: Principal,
  ): Promise<void> {
    const session = this.sessions.get(sessionId);
    // A session is bound to the key that opened it; another key cannot use or probe it.
    if (!session || session.principal.current.keyName !== principal.keyName) {
      return sendRpcError(res, 404, -32001, 'Session not found');
    }
    session.principal.current = principal;
    session.lastSeen = Date.now();
    const body = req.method === 'POST' ? await this.readJson(req, res) : undefined;
    if (body === REFUSED) return;
    if (this.sessions.answerToolsList(res, body, session)) return;
    if (this.lane.answered(body, session.lane)) {
      res.writeHead(202).end();
      return;
    }
    const request = this.lane.takes(body);
    if (request) return this.lane.answer(res, request, session.lane);
    this.lane.cancel(body, session.lane);
    if (
      this.tasks.mayAnswer(body) &&
      (await this.tasks.answer(res, body, taskSession(session, sessionId)))
    ) {
      return;
    }
    await session.transport.handleRequest(req, res, body);
  }

  /**
   * The caller behind a request's key. An agent sends the same header on every request of a
   * keep-alive connection, so the key is hashed and checked once per connection and the header
   * compared with what that connection proved before. The comparison is not constant-time, and
   * need not be: it can only tell a sender how much of its header matches a key the same
   * connection already presented. A new config (keys revoked, roles changed) checks again, and an
   * expired key fails as it would unchecked.
   */
  private authenticate(req: IncomingMessage): Principal | undefined {
    const header = req.headers.authorization;
    const known = this.verified.get(req.socket);
    if (known && known.header === header) {
      const { expiresAt } = known;
      // NaN (an unparseable expiry) is not later than now: fails closed, as the key ring does.
      if (expiresAt === undefined || expiresAt > Date.now()) return known.principal;
    }
    const caller = this.options.authenticate(header);
    if (!caller || header === undefined) {
      this.verified.delete(req.socket);
      return undefined;
    }
    const principal = { keyName: caller.keyName, role: caller.role };
    this.verified.set(req.socket, { header, principal, expiresAt: caller.expiresAt });
    return principal;
  }

  /** The request's JSON body, or REFUSED after answering why (too large, too deep, not JSON). */
  private async readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    try {
      return parseJsonBody(
        await readBody(req, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
      );
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      sendRpcError(res, error.status, error.rpcCode, error.message);
      return REFUSED;
    }
  }

  /**
   * Ends at once what revoked or expired keys hold: their legacy sessions (which aborts the
   * calls running in them), their event streams and their requests in flight.
   */
  private endRevoked(): void {
    const live = liveKeyNames(this.options.gateway.config.keys, Date.now());
    this.sessions.endUnless(live);
    this.open.endUnless(live);
    this.tasks.forgetUnless(live);
  }

  private scopeOf(path: string): Scope | undefined {
    if (path === '/mcp') return {};
    const serverId = path.slice('/mcp/'.length);
    const known = this.options.gateway.config.servers.some((s) => s.id === serverId);
    return known ? { serverId } : undefined;
  }

  /** Tells every connected agent that lists changed; bursts within 20 ms become one. */
  private scheduleListChanged(): void {
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      this.sessions.notifyListsChanged();
      this.modern.notifyListsChanged();
    }, 20);
    this.notifyTimer.unref();
  }

  async close(http: HttpServer): Promise<void> {
    this.unsubscribe();
    this.tasks.close();
    clearTimeout(this.notifyTimer);
    clearInterval(this.sweeper);
    await this.sessions.closeAll();
    await this.modern.close();
    await this.modernLane.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }
}

/**
 * The request as `isLegacyRequest` needs it when the body is passed parsed: method, URL and
 * headers. (`toWebRequest` would serialise the parsed body again only for it to go unread.)
 */
function headersOnly(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  return new Request(url, { method: req.method ?? 'POST', headers });
}

/**
 * The caller as the SDK path's factory rebuilds it from the request's auth info (key name and
 * role only), so a lane call and an SDK one see the same principal.
 */
function toPrincipal(principal: Principal): Principal {
  return { keyName: principal.keyName, role: String(principal.role) };
}

/** What `readJson` returns when it has answered the request itself. */
const REFUSED = Symbol('refused');

/** A JSON-RPC error with no id: the request was refused before it was read as JSON-RPC. */
function sendRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message } });
}
