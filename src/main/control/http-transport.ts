import { timingSafeEqual, createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { ControlEvent } from '../../shared/control.js';
import { BodyError, parseBearer, parseJsonBody, readBody, sendJson } from '../gateway/index.js';
import type { ExtraRoute } from '../gateway/index.js';
import { exportAudit, type AuditLines } from './audit-export.js';
import type { Dispatch } from './dispatch.js';
import { createWebSessions, type WebSessions } from './web-sessions.js';

/** What the HTTP control transport needs. */
export interface HttpControlOptions {
  dispatch: Dispatch;
  subscribe(listener: (event: ControlEvent) => void): () => void;
  /** The control token; compared in constant time. */
  token: string;
  /** The built web UI (`out/renderer`), served at `/`; omitted when there is none. */
  webRoot?: string;
  /** Prometheus text for `GET /metrics`. */
  prometheus?: () => Promise<{ contentType: string; body: string }>;
  /** Browser sessions (cookie) bought with the token; a fresh table when omitted. */
  sessions?: WebSessions;
  /** The audit log on disk, for `GET /control/audit-export`; omitted, there is no export. */
  auditLines?: AuditLines;
}

const MAX_CONTROL_BODY = 2 * 1024 * 1024;
const SSE_KEEPALIVE_MS = 15_000;

/** The content security policy of the served web UI: nothing but our own origin. */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The control API over HTTP for the web UI, the CLI and scripts: `POST /control/<method>`
 * (JSON in, a result envelope out) and `GET /control/events` (Server-Sent Events), plus
 * `GET /metrics` and the static web UI. Every `/control/...` and `/metrics` request needs the
 * control token — whatever the method name, an unknown one included — or a browser session the
 * token bought (`/control/session`); agent keys are never either. Host and Origin were checked
 * by the endpoint before this runs.
 */
export function createHttpControlRoute(options: HttpControlOptions): ExtraRoute {
  const expected = createHash('sha256').update(options.token).digest();
  const sessions = options.sessions ?? createWebSessions();
  const bearer = (req: IncomingMessage) => {
    const presented = parseBearer(req.headers.authorization);
    if (!presented) return false;
    return timingSafeEqual(createHash('sha256').update(presented).digest(), expected);
  };
  // A session cookie is only ever a session: an agent key or the token in it matches nothing.
  const authorized = (req: IncomingMessage) => bearer(req) || sessions.verify(req);
  return async (req, res, url) => {
    const path = url.pathname;
    if (path === '/control/session') return session(req, res, bearer(req), sessions);
    if (path === '/control' || path.startsWith('/control/') || path === '/metrics') {
      if (!authorized(req)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="switchboard-control"');
        sendJson(res, 401, {
          ok: false,
          error: { code: 'unauthorized', message: 'control token required' },
        });
        return true;
      }
      if (path === '/metrics') return metrics(res, options);
      if (path === '/control/events' && req.method === 'GET') return events(req, res, options);
      if (path === '/control/audit-export' && options.auditLines) {
        return exportAudit(req, res, url, options.auditLines);
      }
      return call(req, res, path.slice('/control/'.length), options.dispatch);
    }
    if (req.method === 'GET' && options.webRoot) return serveStatic(res, options.webRoot, path);
    return false;
  };
}

/**
 * `POST /control/session` with the token as a bearer opens a browser session (cookie);
 * `DELETE` ends the caller's. Only the token buys a session, never an existing session.
 */
function session(
  req: IncomingMessage,
  res: ServerResponse,
  withToken: boolean,
  sessions: WebSessions,
): boolean {
  if (req.method === 'DELETE') {
    sessions.close(req, res);
    sendJson(res, 200, { ok: true, value: null });
    return true;
  }
  if (req.method !== 'POST') {
    sendJson(res, 405, { ok: false, error: { code: 'invalid_input', message: 'use POST' } });
    return true;
  }
  if (!withToken) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="switchboard-control"');
    sendJson(res, 401, {
      ok: false,
      error: { code: 'unauthorized', message: 'control token required' },
    });
    return true;
  }
  sessions.open(req, res);
  sendJson(res, 200, { ok: true, value: null });
  return true;
}

async function call(req: IncomingMessage, res: ServerResponse, method: string, dispatch: Dispatch) {
  if (req.method !== 'POST') {
    sendJson(res, 405, { ok: false, error: { code: 'invalid_input', message: 'use POST' } });
    return true;
  }
  let input: unknown;
  try {
    const text = await readBody(req, MAX_CONTROL_BODY);
    input = text.trim() === '' ? undefined : parseJsonBody(text);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    sendJson(res, error.status, {
      ok: false,
      error: { code: 'invalid_input', message: error.message },
    });
    return true;
  }
  const result = await dispatch(method, input);
  // Failures travel inside the envelope; the HTTP status only speaks for the transport.
  sendJson(res, 200, result);
  return true;
}

function events(req: IncomingMessage, res: ServerResponse, options: HttpControlOptions): boolean {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const unsubscribe = options.subscribe((event) => {
    res.write(`data: ${JSON.stringify(event)}\n\n`);
  });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), SSE_KEEPALIVE_MS);
  keepAlive.unref();
  const end = () => {
    clearInterval(keepAlive);
    unsubscribe();
  };
  req.on('close', end);
  res.on('close', end);
  return true;
}

async function metrics(res: ServerResponse, options: HttpControlOptions): Promise<boolean> {
  if (!options.prometheus) {
    sendJson(res, 404, { ok: false, error: { code: 'not_found', message: 'no metrics' } });
    return true;
  }
  const { contentType, body } = await options.prometheus();
  res.writeHead(200, { 'content-type': contentType });
  res.end(body);
  return true;
}

/** Serves a file of the built UI; unknown paths get index.html (the UI routes itself). */
function serveStatic(res: ServerResponse, root: string, path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false; // a malformed %-escape names no file of ours
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  let file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root) return false;
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  if (!existsSync(file)) return false;
  const body = readFileSync(file);
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': WEB_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': extname(file) === '.html' ? 'no-store' : 'max-age=3600',
  });
  res.end(body);
  return true;
}
