import { useStore } from 'zustand';
import { useStores } from '../stores-context';
import { IconButton } from './icon-button';
import { Icon } from './icons';

/** "Reconnecting…" while the event stream is down; a hint when the token was refused. */
export function ConnectionBanner() {
  const stores = useStores();
  const connection = useStore(stores.app, (s) => s.connection);
  const paused = useStore(stores.app, (s) => s.paused);
  if (connection === 'reconnecting') {
    return (
      <div className="banner banner-warn" role="status">
        <span className="spinner spinner-small" aria-hidden="true" />
        Reconnecting… Live updates are paused until Switchboard answers again.
      </div>
    );
  }
  if (connection === 'unauthorized') {
    return (
      <div className="banner banner-error" role="alert">
        <Icon name="warning" size={14} />
        This page has no valid session with Switchboard. Sign in below with the control token.
      </div>
    );
  }
  if (paused) {
    return (
      <div className="banner banner-info" role="status">
        <Icon name="pause" size={14} />
        Agents are paused: every call fails at once until you resume.
      </div>
    );
  }
  return null;
}

/** Toast-like notices in the corner; errors stay until dismissed, info goes by itself. */
export function Notices() {
  const stores = useStores();
  const notices = useStore(stores.notices, (s) => s.notices);
  const dismiss = useStore(stores.notices, (s) => s.dismiss);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice notice-${n.kind}`}
          role={n.kind === 'error' ? 'alert' : 'status'}
        >
          <Icon name={n.kind === 'error' ? 'warning' : 'check'} size={14} />
          <span>{n.text}</span>
          <IconButton icon="x" size={12} label="Dismiss" onClick={() => dismiss(n.id)} />
        </div>
      ))}
    </div>
  );
}
