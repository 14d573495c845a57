import { Client, type ClientOptions } from '@modelcontextprotocol/client';
import type { ServerConfig } from '../../../shared/model.js';
import type { ServerLists } from '../catalog/catalog.js';
import { CLIENT_CAPABILITIES } from './client-requests.js';
import type { UpstreamEvents } from './events.js';
import { TASK_STATUS } from './task-methods.js';
import { taskStatusParams } from './task-schemas.js';

const CLIENT_INFO = { name: 'switchboard', version: '0.1.0' };

/** Server notifications handed to `onNotification` (the agent relays route them). */
const RELAYED_NOTIFICATIONS = ['notifications/message', 'notifications/resources/updated'] as const;

/** Told when the server changed one of its lists (`list_changed`, fetched again by the SDK). */
export type OnListChanged = <K extends keyof ServerLists>(key: K, items: ServerLists[K]) => void;

/**
 * The SDK `Client` of one session with a server: it declares sampling, elicitation and roots,
 * negotiates the era the server's config asks for, follows its list changes, and hands its log
 * lines, resource updates and task statuses to the server's `onNotification`.
 */
export function createUpstreamClient(
  config: ServerConfig,
  events: UpstreamEvents,
  onListChanged: OnListChanged,
): Client {
  const refresh = <K extends keyof ServerLists>(key: K) => ({
    onChanged: (error: Error | null, items: ServerLists[K] | null) => {
      if (error || !items) return;
      onListChanged(key, items);
    },
  });
  const client = new Client(CLIENT_INFO, {
    capabilities: CLIENT_CAPABILITIES,
    versionNegotiation: negotiation(config.era),
    listChanged: {
      tools: refresh('tools'),
      prompts: refresh('prompts'),
      resources: refresh('resources'),
    },
  } as ClientOptions);
  for (const method of RELAYED_NOTIFICATIONS) {
    client.setNotificationHandler(method, (n) => events.onNotification?.(method, n.params));
  }
  // Not a spec method to SDK 2.4 (no task runtime): its params are checked by the wire schema.
  client.setNotificationHandler(TASK_STATUS, { params: taskStatusParams }, (params) =>
    events.onNotification?.(TASK_STATUS, params as Record<string, unknown>),
  );
  return client;
}

/** The SDK's negotiation for a server's configured era. */
function negotiation(era: ServerConfig['era']): NonNullable<ClientOptions['versionNegotiation']> {
  if (era === '2025') return { mode: 'legacy' };
  if (era === '2026-07-28') return { mode: { pin: '2026-07-28' } };
  // A server silent on the probe is taken as a 2025-era one.
  return { mode: 'auto', probe: { timeoutMs: eraProbe.timeoutMs } };
}

/** How long the era probe waits for a server's answer: 5 s (tests shorten it). */
export const eraProbe = { timeoutMs: 5_000 };
