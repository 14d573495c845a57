import type { ExtraRoute } from '../../http/endpoint.js';
import type { OAuthSignIns } from './sign-ins.js';

/** Where the authorization server sends the browser back: under Switchboard's own origin. */
export const OAUTH_CALLBACK_PATH = '/oauth/callback';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The loopback redirect (RFC 8252) of every sign-in, served by Switchboard's HTTP server. It
 * needs no control token: the browser arrives from the authorization server, and the `state`
 * of a sign-in under way is what binds the code to it. The page says how it went and nothing
 * more; it sends no referrer, since its URL holds the code.
 */
export function createOAuthCallbackRoute(signIns: OAuthSignIns): ExtraRoute {
  return async (req, res, url) => {
    if (url.pathname !== OAUTH_CALLBACK_PATH) return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return true;
    }
    const { ok, message } = await signIns.finish(url.searchParams);
    res.writeHead(ok ? 200 : 400, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'",
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    const title = ok ? 'Signed in' : 'Sign-in failed';
    res.end(
      `<!doctype html><html><head><title>${title} - Switchboard</title></head>` +
        `<body><h1>${title}</h1><p>${escape(message)}</p></body></html>`,
    );
    return true;
  };
}
