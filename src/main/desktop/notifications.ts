import { Notification } from 'electron';
import type { ControlApi, ControlEvent } from '../../shared/control.js';
import { approvalNotice } from '../control/notification-model.js';
import { createSignInNotices } from '../control/sign-in-notice.js';
import type { ViewRoute } from '../control/tray-model.js';
import type { Notifier, Redactor } from '../gateway/index.js';

/** What approval notifications need. */
export interface ApprovalNotificationOptions {
  control: Pick<ControlApi, 'decideApproval'> & {
    subscribe(listener: (event: ControlEvent) => void): () => void;
  };
  /** Opens the window at a view (a click on the notification opens that approval). */
  open(route: ViewRoute): void;
  onError(message: string): void;
  redactor?: Redactor;
  /** The person's choice (desktop settings); turned off, shown notifications are withdrawn. */
  enabled?: { get(): boolean; onChange(listener: (on: boolean) => void): () => void };
}

/**
 * Shows a notification for each approval as it is requested, with Approve and Deny buttons
 * where the OS has them (macOS); clicking it opens the approval in the window. It is withdrawn
 * once the approval is settled, by whoever settled it. Returns an unsubscribe.
 */
export function showApprovalNotifications(options: ApprovalNotificationOptions): () => void {
  if (!Notification.isSupported()) return () => {};
  // Held until settled: a notification that is garbage-collected loses its click handlers.
  const shown = new Map<string, Notification>();
  const decide = (id: string, decision: 'approve' | 'deny') =>
    options.control
      .decideApproval({ id, decision })
      .catch((e: unknown) => options.onError(e instanceof Error ? e.message : String(e)));

  const unsubscribe = options.control.subscribe((event) => {
    if (event.type === 'approvalSettled') {
      shown.get(event.id)?.close();
      shown.delete(event.id);
      return;
    }
    if (event.type !== 'approvalRequested' || options.enabled?.get() === false) return;
    const { approval } = event;
    const notice = approvalNotice(approval, {
      now: Date.now(),
      ...(options.redactor ? { redactor: options.redactor } : {}),
    });
    const notification = new Notification({
      title: notice.title,
      body: notice.body,
      silent: false,
      actions: notice.actions.map((text) => ({ type: 'button' as const, text })),
    });
    notification.on(
      'action',
      (_event, index) => void decide(approval.id, index === 0 ? 'approve' : 'deny'),
    );
    notification.on('click', () => options.open(notice.route));
    notification.on('close', () => shown.delete(approval.id));
    shown.set(approval.id, notification);
    notification.show();
  });
  const withdrawAll = () => {
    for (const notification of shown.values()) notification.close();
    shown.clear();
  };
  const offChange = options.enabled?.onChange((on) => on || withdrawAll());
  return () => {
    unsubscribe();
    offChange?.();
    withdrawAll();
  };
}

/** What sign-in notifications need. */
export interface SignInNotificationOptions {
  control: Pick<ControlApi, 'listServers'> & {
    subscribe(listener: (event: ControlEvent) => void): () => void;
  };
  open(route: ViewRoute): void;
  redactor?: Redactor;
}

/**
 * Shows a notification when a remote server's sign-in is refused or must widen (one per
 * server until it is signed in again, then withdrawn); a click opens the Servers view. The
 * decisions are control/sign-in-notice.ts's; this only shows them. Returns an unsubscribe.
 */
export function showSignInNotifications(options: SignInNotificationOptions): () => void {
  if (!Notification.isSupported()) return () => {};
  const names = new Map<string, string>();
  const notices = createSignInNotices({
    ...(options.redactor ? { redactor: options.redactor } : {}),
    nameOf: (id) => names.get(id),
  });
  const shown = new Map<string, Notification>();
  void options.control
    .listServers()
    .then((views) => views.forEach((v) => names.set(v.status.id, v.status.name)))
    .catch(() => {}); // names are a nicety: the id stands in for a missing one
  const unsubscribe = options.control.subscribe((event) => {
    if (event.type === 'serverChanged') names.set(event.server.status.id, event.server.status.name);
    for (const step of notices.next(event)) {
      if (step.kind === 'withdraw') {
        shown.get(step.serverId)?.close();
        shown.delete(step.serverId);
        continue;
      }
      const { notice } = step;
      const notification = new Notification({ title: notice.title, body: notice.body });
      notification.on('click', () => options.open(notice.route));
      notification.on('close', () => shown.delete(notice.serverId));
      shown.set(notice.serverId, notification);
      notification.show();
    }
  });
  return () => {
    unsubscribe();
    for (const notification of shown.values()) notification.close();
    shown.clear();
  };
}

/** The gateway's Notifier port on desktop notifications (plain messages, no actions). */
export function createDesktopNotifier(): Notifier {
  return {
    notify(title, body) {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
  };
}
