/**
 * The sender check for every IPC request (vscode's `validatedIpcMain`, scaled down): a message
 * is served only when it comes from our window's main frame showing our own page. Pure, so the
 * rules are tested under Node; desktop/ipc.ts reads the facts off `event.senderFrame`.
 */

/** What main knows about the frame that sent a message; `undefined` fields mean "gone". */
export interface SenderFacts {
  /** `event.senderFrame`'s process and routing ids (a frame is unique by the pair). */
  processId: number | undefined;
  routingId: number | undefined;
  /** The frame's current URL. */
  url: string | undefined;
}

/** What a trusted sender must match. */
export interface ExpectedSender {
  /** Our window's main frame, or undefined while no window exists. */
  mainFrame: { processId: number; routingId: number } | undefined;
  /** Where our page lives: the `file://` URL of the built index.html, or the dev server URL. */
  appUrl: string;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

/** Decides whether an IPC message may be served; the reason names the rule that failed. */
export function checkSender(sender: SenderFacts, expected: ExpectedSender): SenderVerdict {
  // The frame can be gone by the time the message is handled (it navigated or was destroyed).
  if (sender.processId === undefined || sender.routingId === undefined || !sender.url) {
    return { ok: false, reason: 'the sending frame is gone' };
  }
  // Only our window's top frame: an iframe (even one of ours) or another webContents never is.
  const frame = expected.mainFrame;
  if (!frame || frame.processId !== sender.processId || frame.routingId !== sender.routingId) {
    return { ok: false, reason: "the sender is not our window's main frame" };
  }
  // Our frame could have been navigated to another page (will-navigate is blocked, but this
  // check does not rely on that): the page itself must be ours.
  if (!isAppUrl(sender.url, expected.appUrl)) {
    return { ok: false, reason: `the sender's page is not the app (${originOf(sender.url)})` };
  }
  return { ok: true };
}

/**
 * Whether `url` is our page. `file:` URLs have an opaque origin, so they must name the very same
 * file (any `#route` or query is fine); http(s) pages (the dev server) must share the origin.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  const actual = parse(url);
  const expected = parse(appUrl);
  if (!actual || !expected || actual.protocol !== expected.protocol) return false;
  if (expected.protocol === 'file:') {
    return actual.host === expected.host && actual.pathname === expected.pathname;
  }
  if (expected.protocol !== 'http:' && expected.protocol !== 'https:') return false;
  return actual.origin === expected.origin;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function originOf(url: string): string {
  const parsed = parse(url);
  if (!parsed) return 'an unparsable URL';
  return parsed.protocol === 'file:' ? 'another file' : parsed.origin;
}
