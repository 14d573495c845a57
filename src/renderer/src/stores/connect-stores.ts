import type { ControlEvent } from '../../../shared/control';
import type { ControlClient } from '../api/connection';
import type { Stores } from './stores';

/** Sends one ControlEvent to the store that owns it. */
export function routeEvent(stores: Stores, event: ControlEvent): void {
  switch (event.type) {
    case 'serverChanged':
      return stores.servers.getState().upsert(event.server);
    case 'serversChanged':
      stores.servers.getState().replaceAll(event.servers);
      // A server's default action changes decisions too.
      return void stores.permissions.getState().loadTools();
    case 'catalogChanged':
      return void stores.permissions.getState().loadTools();
    case 'rolesChanged':
      stores.permissions.getState().setRoles(event.roles);
      return void stores.permissions.getState().loadTools();
    case 'keysChanged':
      return stores.keys.getState().setKeys(event.keys);
    case 'approvalRequested':
      return stores.approvals.getState().add(event.approval);
    case 'approvalSettled':
      return stores.approvals.getState().settle(event.id);
    case 'auditAppended':
      return stores.activity.getState().append(event.entry);
    case 'metricsSample':
      return stores.metrics.getState().push(event.sample);
    case 'pausedChanged':
      return stores.app.getState().setPausedState(event.paused);
    case 'changesChanged':
      return stores.changes.getState().replaceAll(event.changes);
    case 'signInNeeded':
      return void stores.notices
        .getState()
        .push('error', `${event.serverId} needs sign-in: ${event.reason}. Sign in from Servers.`);
  }
}

/** Loads everything once: the overview feeds four stores in one round trip. */
export async function loadAll(client: Pick<ControlClient, 'api'>, stores: Stores): Promise<void> {
  try {
    const overview = await client.api.getOverview();
    stores.app.getState().applyOverview(overview);
    stores.servers.getState().replaceAll(overview.servers);
    stores.permissions.getState().setRoles(overview.roles);
    stores.keys.getState().setKeys(overview.keys);
    stores.approvals.getState().replaceAll(overview.approvals);
  } catch (error) {
    stores.app.getState().failed(error);
    await Promise.all([
      stores.servers.getState().load(),
      stores.keys.getState().load(),
      stores.approvals.getState().load(),
    ]);
  }
  await Promise.all([
    stores.permissions.getState().loadTools(),
    stores.activity.getState().load(),
    stores.metrics.getState().load(),
    stores.changes.getState().load(),
    stores.keys.getState().loadSnippets(),
  ]);
}

/**
 * Subscribes to the event stream once and routes every event to its store; reloads everything
 * after a reconnect, since events sent while the stream was down are gone. Returns the
 * function that disconnects.
 */
export function connectStores(client: ControlClient, stores: Stores): () => void {
  const unsubscribe = client.subscribe((event) => routeEvent(stores, event));
  let wasConnected = false;
  let lost = false;
  const unwatch = client.watchConnection((state) => {
    stores.app.getState().setConnection(state);
    if (state === 'connected') {
      if (wasConnected && lost) void loadAll(client, stores);
      wasConnected = true;
      lost = false;
    } else if (wasConnected) {
      lost = true;
    }
  });
  void loadAll(client, stores);
  return () => {
    unsubscribe();
    unwatch();
  };
}
