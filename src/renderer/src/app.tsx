import { useState } from 'react';
import { ConnectionBanner, Notices } from './components/banners';
import { Sidebar, type ViewName } from './components/sidebar';
import { ActivityView } from './views/activity/activity-view';
import { ApprovalsView } from './views/approvals/approvals-view';
import { ConnectView } from './views/connect/connect-view';
import { MetricsView } from './views/metrics/metrics-view';
import { PermissionsView } from './views/permissions/permissions-view';
import { ServersView } from './views/servers/servers-view';

const VIEWS: Record<ViewName, () => React.JSX.Element> = {
  servers: ServersView,
  permissions: PermissionsView,
  approvals: ApprovalsView,
  activity: ActivityView,
  metrics: MetricsView,
  connect: ConnectView,
};

/** The window: sidebar, banners, and the selected view. */
export function App() {
  const [view, setView] = useState<ViewName>('servers');
  const View = VIEWS[view];
  return (
    <div className="app">
      <Sidebar current={view} onSelect={setView} />
      <main className="content">
        <ConnectionBanner />
        <View />
      </main>
      <Notices />
    </div>
  );
}
