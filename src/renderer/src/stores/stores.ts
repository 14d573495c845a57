import type { ControlApi } from '../../../shared/control';
import { createActivityStore } from './activity-store';
import { createAppStore } from './app-store';
import { createApprovalsStore } from './approvals-store';
import { createChangesStore } from './changes-store';
import { createKeysStore } from './keys-store';
import { createMetricsStore } from './metrics-store';
import { createNoticesStore } from './notices-store';
import { createPermissionsStore } from './permissions-store';
import { createServerPageStore } from './server-page-store';
import { createServersStore } from './servers-store';

/** Every store of the UI, each built on the same ControlApi. */
export function createStores(api: ControlApi) {
  return {
    app: createAppStore(api),
    servers: createServersStore(api),
    serverPage: createServerPageStore(api),
    permissions: createPermissionsStore(api),
    approvals: createApprovalsStore(api),
    changes: createChangesStore(api),
    activity: createActivityStore(api),
    metrics: createMetricsStore(api),
    keys: createKeysStore(api),
    notices: createNoticesStore(),
  };
}
export type Stores = ReturnType<typeof createStores>;
