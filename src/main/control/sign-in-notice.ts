import type { ControlEvent } from '../../shared/control.js';
import type { ServerView } from '../../shared/model.js';
import { createRedactor, type Redactor } from '../gateway/index.js';
import type { ViewRoute } from './tray-model.js';

/**
 * Which desktop notifications a remote server's sign-in calls for, decided from the control
 * events alone so that it runs (and is tested) without Electron: desktop/notifications.ts only
 * shows and withdraws what this says.
 *
 * - `signInNeeded` (a refused refresh, a wider scope asked for): one notification per server,
 *   however many calls fail meanwhile, until the server is signed in again.
 * - The server signed in again, or was removed: its notification is withdrawn, and the next
 *   refusal is news again.
 *
 * The text leaves the app (the OS keeps notifications, some sync them), so the reason is
 * masked a second time here, whatever the gateway did, and cut short; it never carries a token.
 */

/** One notification to show. */
export interface SignInNotice {
  serverId: string;
  title: string;
  body: string;
  /** Where a click leads: the Servers view, whose row has the Sign in button. */
  route: ViewRoute;
}

/** What to do with the OS's notifications after one event. */
export type SignInNoticeStep =
  { kind: 'show'; notice: SignInNotice } | { kind: 'withdraw'; serverId: string };

const MAX_REASON_CHARS = 160;

/** Options of `createSignInNotices`. */
export interface SignInNoticeOptions {
  /** Masks known secrets too (the gateway's redactor); credential shapes are masked regardless. */
  redactor?: Redactor;
  /** The server's display name, when known (its id otherwise). */
  nameOf?: (serverId: string) => string | undefined;
}

/** The decisions for one stream of control events (keeps which servers were told). */
export function createSignInNotices(options: SignInNoticeOptions = {}) {
  const redactor = options.redactor ?? createRedactor();
  const shown = new Set<string>();
  const withdraw = (serverId: string): SignInNoticeStep[] =>
    shown.delete(serverId) ? [{ kind: 'withdraw', serverId }] : [];
  const settled = (server: ServerView): SignInNoticeStep[] =>
    server.signIn?.state === 'signed-in' ? withdraw(server.status.id) : [];

  return {
    /** The steps this event calls for (none for most events). */
    next(event: ControlEvent): SignInNoticeStep[] {
      switch (event.type) {
        case 'signInNeeded': {
          if (shown.has(event.serverId)) return [];
          shown.add(event.serverId);
          return [{ kind: 'show', notice: signInNotice(event, redactor, options.nameOf) }];
        }
        case 'serverChanged':
          return settled(event.server);
        case 'serversChanged': {
          const present = new Set(event.servers.map((s) => s.status.id));
          const gone = [...shown].filter((id) => !present.has(id)).flatMap(withdraw);
          return [...gone, ...event.servers.flatMap(settled)];
        }
        default:
          return [];
      }
    },
  };
}

function signInNotice(
  event: Extract<ControlEvent, { type: 'signInNeeded' }>,
  redactor: Redactor,
  nameOf: SignInNoticeOptions['nameOf'],
): SignInNotice {
  const name = clip(nameOf?.(event.serverId) ?? event.serverId, 60);
  const reason = clip(redactor.text(event.reason), MAX_REASON_CHARS);
  return {
    serverId: event.serverId,
    title: `Sign in to ${name} again`,
    body: `${reason}. Its tools fail until you sign in: click to open Switchboard.`,
    route: { view: 'servers' },
  };
}

function clip(text: string, max: number): string {
  const chars = [...text]; // by code point, so an emoji is never cut in half
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
