import { shell, type App, type Session, type WebContents, type WebPreferences } from 'electron';

/**
 * All of the window hardening, in one place (Electron's security checklist). The renderer is
 * treated as untrusted: it gets no Node, runs sandboxed in an isolated world, may load only
 * our own page, and opens nothing but allowlisted https links, in the person's browser.
 */

/** The webPreferences of every window; the preload path is the only thing a window adds. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const satisfies WebPreferences;

/** A CSP as a directive map: one entry per directive, its sources in order. */
export type CspDirectives = Record<string, readonly string[]>;

/** The app's CSP: our own scripts only; no plugins, frames, forms or base-URL tricks. */
export function cspDirectives(devServerUrl?: string): CspDirectives {
  const dev = devServerUrl ? new URL(devServerUrl) : undefined;
  // The dev server's hot reload needs its own origin and websocket, and Vite's inline styles.
  const devSources = dev ? [dev.origin, `ws://${dev.host}`] : [];
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...(dev ? [dev.origin] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    // The window talks to main over IPC only; no fetch leaves it.
    'connect-src': ["'self'", ...devSources],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'worker-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
}

/** Serialises a directive map into a header value. */
export function buildCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** Hosts whose https links open in the person's browser; everything else is dropped. */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'modelcontextprotocol.io',
  'github.com',
  'www.npmjs.com',
  'docs.anthropic.com',
];

/** Whether a link may leave the app for the browser: https, and a host on the allowlist. */
export function isAllowedExternalLink(
  url: string,
  hosts: readonly string[] = EXTERNAL_LINK_HOSTS,
): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  return (
    parsed.protocol === 'https:' &&
    !parsed.username &&
    !parsed.password &&
    hosts.includes(parsed.hostname)
  );
}

/** Session-wide rules: the CSP header on every response, and every permission denied. */
export function hardenSession(session: Session, devServerUrl?: string): void {
  const csp = buildCsp(cspDirectives(devServerUrl));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] },
    });
  });
  // Camera, microphone, notifications from the page, geolocation, clipboard, HID …: none.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Per-page rules, for every webContents the app ever creates. */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // Our page never navigates (routes are fragments); anything else is an attack or a bug.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Installs the rules: on the default session now, and on each webContents as it is created. */
export function installSecurity(app: App, session: Session, devServerUrl?: string): void {
  hardenSession(session, devServerUrl);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
