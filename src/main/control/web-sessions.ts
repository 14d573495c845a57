import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** At most this many browser sessions live at once; the oldest goes first. */
const MAX_SESSIONS = 64;

/** Lifetime of a browser session (and of its cookie): a working week of a tab kept open. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Browser sessions of the web control center: the control token, presented once, buys a random
 * secret carried in an HttpOnly cookie, so a reload, a bookmark or a second tab stays signed in
 * without the token ever sitting in storage. Only hashes of the secrets are kept, in memory:
 * a restart signs every browser out.
 */
export interface WebSessions {
  /** Starts a session and sets its cookie on `res`. */
  open(req: IncomingMessage, res: ServerResponse): void;
  /** Ends the session the request carries (if any) and clears its cookie. */
  close(req: IncomingMessage, res: ServerResponse): void;
  /**
   * True when the request carries a live session cookie AND comes from a page of our own
   * origin. Cookies are not bound to a port, and SameSite counts every port of 127.0.0.1 as
   * the same site, so the cookie alone proves nothing: the browser's Origin (already checked
   * against ours by the endpoint) or `Sec-Fetch-Site: same-origin` must vouch for the caller.
   */
  verify(req: IncomingMessage): boolean;
}

/** The cookie's name carries the port: two gateways on one host must not overwrite each other. */
export function sessionCookieName(host: string | undefined): string {
  const port = /:(\d+)$/.exec(host ?? '')?.[1] ?? 'default';
  return `switchboard_session_${port}`;
}

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Creates the in-memory session table; `now` is injectable for tests. */
export function createWebSessions(now: () => number = Date.now): WebSessions {
  // hash of the secret -> expiry; a Map keeps insertion order, so the first key is the oldest.
  const sessions = new Map<string, number>();
  const live = (hash: string) => {
    const expires = sessions.get(hash);
    if (expires === undefined) return false;
    if (expires > now()) return true;
    sessions.delete(hash);
    return false;
  };
  return {
    open(req, res) {
      const secret = randomBytes(32).toString('base64url');
      sessions.set(digest(secret), now() + SESSION_TTL_MS);
      while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
      res.setHeader('set-cookie', cookie(req, secret, Math.floor(SESSION_TTL_MS / 1000)));
    },
    close(req, res) {
      const secret = readCookie(req, sessionCookieName(req.headers.host));
      if (secret) sessions.delete(digest(secret));
      res.setHeader('set-cookie', cookie(req, '', 0));
    },
    verify(req) {
      const secret = readCookie(req, sessionCookieName(req.headers.host));
      if (!secret || !live(digest(secret))) return false;
      return sameOriginCaller(req);
    },
  };
}

function cookie(req: IncomingMessage, value: string, maxAge: number): string {
  const name = sessionCookieName(req.headers.host);
  return `${name}=${value}; Path=/control; HttpOnly; SameSite=Strict; Max-Age=${maxAge}`;
}

/**
 * Did a page of our own origin send this? The endpoint refused every foreign Origin already, so
 * an Origin header here is ours; Fetch Metadata, when the browser sends it, must say
 * same-origin too. A request with neither (curl) must use the token as a bearer instead.
 */
export function sameOriginCaller(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  return typeof req.headers.origin === 'string';
}

/** The value of one cookie of the request, if present. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
