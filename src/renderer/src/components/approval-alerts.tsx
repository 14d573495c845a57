import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { ApprovalView } from '../../../shared/model';
import { useStores } from '../stores-context';
import { messageOf } from '../stores/load-state';
import { arrivals, pendingTitle, shortToolName } from './approval-alerts-model';
import { Icon } from './icons';
import { revealInvisible } from './invisible-text';
import { VisibleText } from './visible-text';
import './approval-alerts.css';

/** Whether this page runs in a browser tab (not the Electron window, which has its own). */
const inBrowser = () => typeof window !== 'undefined' && !window.switchboard;

/**
 * Makes a waiting call find the person wherever they are: the pending count in the tab title,
 * a toast with Approve/Deny/Open on every view but Approvals, and — once allowed on a click —
 * a Web Notification that opens the card. `onOpen` shows the Approvals view on that card.
 */
export function ApprovalAlerts({
  onApprovals,
  onOpen,
}: {
  onApprovals: boolean;
  onOpen: (id: string) => void;
}) {
  const stores = useStores();
  const { approvals, status } = useStore(stores.approvals);
  const seen = useRef<Set<string> | undefined>(undefined);
  const [toasts, setToasts] = useState<string[]>([]);
  useEffect(() => {
    if (inBrowser()) document.title = pendingTitle(approvals.length);
  }, [approvals.length]);
  useEffect(() => {
    if (status !== 'ready') return;
    // What was pending when the page opened is not news; what comes after is.
    if (!seen.current) {
      seen.current = new Set(approvals.map((a) => a.id));
      return;
    }
    const fresh = arrivals(approvals, seen.current);
    if (fresh.length === 0) return;
    if (!onApprovals) setToasts((ids) => [...ids, ...fresh.map((a) => a.id)].slice(-3));
    for (const approval of fresh) notify(approval, onOpen);
  }, [approvals, status, onApprovals, onOpen]);
  const shown = toasts
    .map((id) => approvals.find((a) => a.id === id))
    .filter((a): a is ApprovalView => a !== undefined && !onApprovals);
  const close = (id: string) => setToasts((ids) => ids.filter((x) => x !== id));
  const decide = async (id: string, decision: 'approve' | 'deny') => {
    close(id);
    try {
      const { result } = await stores.approvals.getState().decide(id, decision, false);
      const text =
        result === 'already-settled'
          ? 'That call was already settled (decided elsewhere or timed out).'
          : decision === 'approve'
            ? 'Approved'
            : 'Denied';
      stores.notices.getState().push(result === 'already-settled' ? 'error' : 'info', text);
    } catch (error) {
      stores.notices.getState().push('error', messageOf(error));
    }
  };
  if (shown.length === 0) return null;
  return (
    <div className="approval-toasts">
      {shown.map((approval) => (
        <ApprovalToast
          key={approval.id}
          approval={approval}
          onDecide={(decision) => void decide(approval.id, decision)}
          onOpen={() => {
            close(approval.id);
            onOpen(approval.id);
          }}
        />
      ))}
    </div>
  );
}

function ApprovalToast({
  approval,
  onDecide,
  onOpen,
}: {
  approval: ApprovalView;
  onDecide: (decision: 'approve' | 'deny') => void;
  onOpen: () => void;
}) {
  const titleId = `approval-toast-${approval.id}`;
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key !== 'a' && key !== 'd') return;
    event.preventDefault();
    onDecide(key === 'a' ? 'approve' : 'deny');
  };
  return (
    <div
      className="approval-toast"
      role="alertdialog"
      aria-labelledby={titleId}
      data-approval-id={approval.id}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <p id={titleId} className="approval-toast-title">
        <Icon name="warning" size={14} /> Approval needed:{' '}
        <span className="mono">
          {approval.serverId} › <VisibleText text={shortToolName(approval)} />
        </span>
      </p>
      <p className="muted small">
        {approval.keyName} ({approval.role}) is waiting · <kbd>A</kbd> approve · <kbd>D</kbd> deny
      </p>
      <div className="approval-toast-actions">
        <button type="button" className="button" onClick={onOpen}>
          Open
        </button>
        <span className="spacer" />
        <button type="button" className="button" onClick={() => onDecide('deny')}>
          Deny
        </button>
        <button type="button" className="button primary" onClick={() => onDecide('approve')}>
          Approve
        </button>
      </div>
    </div>
  );
}

/** A Web Notification for a new approval, when the person allowed them; a click opens it. */
function notify(approval: ApprovalView, onOpen: (id: string) => void): void {
  if (!inBrowser() || typeof Notification === 'undefined') return;
  if (Notification.permission !== 'granted') return;
  const notification = new Notification('Switchboard: approval needed', {
    body: revealInvisible(
      `${approval.keyName} wants ${approval.serverId} › ${shortToolName(approval)}`,
    ),
    tag: `switchboard-approval-${approval.id}`,
  });
  notification.onclick = () => {
    window.focus();
    onOpen(approval.id);
    notification.close();
  };
}

/**
 * "Notify me": asks for Web Notification permission — browsers only grant that on a click, and
 * only once — and disappears once the person answered either way.
 */
export function NotifyButton() {
  const [permission, setPermission] = useState(() =>
    inBrowser() && typeof Notification !== 'undefined' ? Notification.permission : 'denied',
  );
  if (permission !== 'default') return null;
  return (
    <button
      type="button"
      className="button"
      onClick={() => void Notification.requestPermission().then(setPermission)}
    >
      <Icon name="bell" size={14} /> Notify me of new approvals
    </button>
  );
}
