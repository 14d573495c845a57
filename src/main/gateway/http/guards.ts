/**
 * Admission guards for the localhost endpoint: pure functions, one rule each, each with its why.
 * They run before the key is looked at or the body is read.
 */

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** The `host[:port]` forms a request to our own listener may carry. */
export function allowedHosts(port: number): Set<string> {
  return new Set(LOOPBACK_HOSTS.map((host) => `${host}:${port}`));
}

/** The origins of pages served by the gateway itself (the web control center). */
export function allowedOrigins(port: number): Set<string> {
  return new Set(LOOPBACK_HOSTS.map((host) => `http://${host}:${port}`));
}

/**
 * Why the Host header is refused, or undefined. DNS rebinding makes a foreign name resolve to
 * 127.0.0.1; the browser then still sends that foreign name as Host, so only our loopback
 * names with our own port pass. A missing Host (HTTP/1.0) is refused too.
 */
export function hostProblem(host: string | undefined, allowed: Set<string>): string | undefined {
  if (!host) return 'the request has no Host header';
  if (!allowed.has(host.toLowerCase())) return `Host ${JSON.stringify(host)} is not this gateway`;
  return undefined;
}

/**
 * Why the Origin header is refused, or undefined. Agents (non-browser clients) send no Origin,
 * which passes. A browser page always sends one: only the gateway's own pages may talk to it.
 * `null` (sandboxed frames, file: pages, some redirects) and a header sent twice (Node joins
 * duplicates with ", ") are refused, since neither names one origin we serve.
 */
export function originProblem(
  origin: string | string[] | undefined,
  allowed: Set<string>,
): string | undefined {
  if (origin === undefined) return undefined;
  if (Array.isArray(origin) || origin.includes(',')) return 'the request carries several Origins';
  if (!allowed.has(origin.toLowerCase())) return `Origin ${JSON.stringify(origin)} is not allowed`;
  return undefined;
}

/**
 * Why the request target is refused, or undefined. Only origin-form (`/mcp`) is served: an
 * absolute-form target (`POST http://evil.test/mcp`, meant for proxies) names a host of its
 * own that the Host check never saw, and `*` or authority-form are not requests for a path.
 */
export function targetProblem(target: string | undefined): string | undefined {
  if (target?.startsWith('/') && !target.startsWith('//')) return undefined;
  return `the request target ${JSON.stringify(target?.slice(0, 80) ?? '')} is not a path`;
}
