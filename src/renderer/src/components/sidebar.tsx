import { useStore } from 'zustand';
import { useStores } from '../stores-context';
import { Icon, type IconName } from './icons';

export type ViewName =
  'servers' | 'permissions' | 'approvals' | 'review' | 'activity' | 'metrics' | 'connect';

const ITEMS: { view: ViewName; label: string; icon: IconName }[] = [
  { view: 'servers', label: 'Servers', icon: 'servers' },
  { view: 'permissions', label: 'Permissions', icon: 'shield' },
  { view: 'approvals', label: 'Approvals', icon: 'bell' },
  { view: 'review', label: 'Review', icon: 'eye' },
  { view: 'activity', label: 'Activity', icon: 'list' },
  { view: 'metrics', label: 'Metrics', icon: 'chart' },
  { view: 'connect', label: 'Connect', icon: 'plug' },
];

/** The section list, with the pending-approvals and review badges, and the pause switch. */
export function Sidebar({
  current,
  onSelect,
}: {
  current: ViewName;
  onSelect: (view: ViewName) => void;
}) {
  const stores = useStores();
  const pending = useStore(stores.approvals, (s) => s.approvals.length);
  const toReview = useStore(stores.changes, (s) => s.changes.length);
  const paused = useStore(stores.app, (s) => s.paused);
  const version = useStore(stores.app, (s) => s.version);
  const setPaused = useStore(stores.app, (s) => s.setPaused);
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="plug" size={15} />
        </span>
        <span className="brand-name">Switchboard</span>
      </div>
      <nav aria-label="Sections">
        <ul className="nav-list">
          {ITEMS.map((item) => (
            <li key={item.view}>
              <button
                type="button"
                className="nav-item"
                aria-current={current === item.view ? 'page' : undefined}
                onClick={() => onSelect(item.view)}
              >
                <Icon name={item.icon} />
                <span className="nav-label">{item.label}</span>
                {item.view === 'approvals' && pending > 0 && (
                  <span className="badge" aria-label={`${pending} pending`}>
                    {pending}
                  </span>
                )}
                {item.view === 'review' && toReview > 0 && (
                  <span className="badge" aria-label={`${toReview} to review`}>
                    {toReview}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-footer">
        <button
          type="button"
          className={`pause-toggle${paused ? ' is-paused' : ''}`}
          aria-pressed={paused}
          onClick={() => void setPaused(!paused).catch(() => undefined)}
        >
          <Icon name={paused ? 'play' : 'pause'} size={14} />
          {paused ? 'Resume agents' : 'Pause agents'}
        </button>
        <p className="muted small">
          {paused ? 'Agent calls fail until resumed' : `Switchboard ${version}`}
        </p>
      </div>
    </aside>
  );
}
