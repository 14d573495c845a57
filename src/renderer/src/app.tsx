import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { ApprovalAlerts } from './components/approval-alerts';
import { ConnectionBanner, Notices } from './components/banners';
import { requestHeadingFocus } from './components/focus-on-view';
import { SignIn } from './components/sign-in';
import { Loading } from './components/status';
import { Sidebar, type ViewName } from './components/sidebar';
import { ActivityView } from './views/activity/activity-view';
import { ApprovalsView } from './views/approvals/approvals-view';
import { ConnectView } from './views/connect/connect-view';
import { PermissionsView } from './views/permissions/permissions-view';
import { ReviewView } from './views/review/review-view';
import { ServerPage } from './views/server/server-page';
import { ServersView } from './views/servers/servers-view';
import { useStores } from './stores-context';

// recharts is most of the bundle; load it when the Metrics view is first opened.
const MetricsView = lazy(() =>
  import('./views/metrics/metrics-view').then((m) => ({ default: m.MetricsView })),
);

const VIEWS: Record<ViewName, React.ComponentType> = {
  servers: ServersView,
  permissions: PermissionsView,
  approvals: ApprovalsView,
  review: ReviewView,
  activity: ActivityView,
  metrics: MetricsView,
  connect: ConnectView,
};

/** The view a `#/<view>[/<id>]` address names (the tray and notifications open those), if any. */
function viewOfHash(hash: string): ViewName | undefined {
  const name = /^#\/([a-z]+)/.exec(hash)?.[1];
  return name && name in VIEWS ? (name as ViewName) : undefined;
}

/** The server a `#/servers/<id>` address opens the page of, if it names one. */
function serverOfHash(hash: string): string | undefined {
  const id = /^#\/servers\/([^/?#]+)/.exec(hash)?.[1];
  if (!id) return undefined;
  try {
    return decodeURIComponent(id);
  } catch {
    return undefined;
  }
}

/** The window: sidebar, banners, and the selected view. */
export function App() {
  const [view, setViewState] = useState<ViewName>(() => viewOfHash(location.hash) ?? 'servers');
  const [serverId, setServerId] = useState(() => serverOfHash(location.hash));
  const connection = useStore(useStores().app, (s) => s.connection);
  // The address names the view, so a reload or a bookmark comes back to it.
  const setView = useCallback((next: ViewName) => {
    requestHeadingFocus();
    setViewState(next);
    setServerId(undefined);
    // A server's page is left for its list too (its address names the Servers view).
    if (viewOfHash(location.hash) !== next || serverOfHash(location.hash)) {
      history.replaceState(history.state, '', `#/${next}`);
    }
  }, []);
  useEffect(() => {
    const follow = () => {
      const next = viewOfHash(location.hash);
      const server = serverOfHash(location.hash);
      // Opening a server's page (or leaving it) is a change of view for focus too.
      setServerId((previous) => {
        if (previous !== server) requestHeadingFocus();
        return server;
      });
      if (next) setViewState(next);
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  // Opening an approval from a toast or a notification: the hash names the card to focus.
  const openApproval = useCallback((id: string) => {
    setViewState('approvals');
    history.replaceState(history.state, '', `#/approvals/${encodeURIComponent(id)}`);
    window.dispatchEvent(new Event('switchboard:focus-approval'));
  }, []);
  const View = VIEWS[view];
  const page = view === 'servers' && serverId ? <ServerPage id={serverId} /> : <View />;
  return (
    <div className="app">
      <Sidebar current={view} onSelect={setView} />
      <main className="content">
        <ConnectionBanner />
        {connection === 'unauthorized' ? (
          <SignIn />
        ) : (
          <Suspense fallback={<Loading what="the view" />}>{page}</Suspense>
        )}
      </main>
      <ApprovalAlerts onApprovals={view === 'approvals'} onOpen={openApproval} />
      <Notices />
    </div>
  );
}
