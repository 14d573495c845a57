import type { ControlApi, ControlEvent } from '../../shared/control.js';
import type { ApprovalView, Overview, ServerView } from '../../shared/model.js';

/**
 * What the tray menu shows, as plain data: desktop/tray.ts renders these descriptors and runs
 * their actions through `runTrayAction`, so every decision about the menu is tested under Node.
 */

/** A view of the control center, addressed as `#/<view>[/<id>]` in the window's URL. */
export interface ViewRoute {
  view: 'servers' | 'permissions' | 'approvals' | 'activity' | 'metrics' | 'connect';
  id?: string;
}

/** The URL fragment of a route, e.g. `#/approvals/a1`. */
export function routeHash(route: ViewRoute): string {
  return route.id === undefined
    ? `#/${route.view}`
    : `#/${route.view}/${encodeURIComponent(route.id)}`;
}

/** What clicking a menu item does. */
export type TrayAction =
  | { type: 'copyEndpoint'; url: string }
  | { type: 'decideApproval'; id: string; decision: 'approve' | 'deny' }
  | { type: 'setServerEnabled'; id: string; enabled: boolean }
  | { type: 'setPaused'; paused: boolean }
  | { type: 'open'; route?: ViewRoute }
  | { type: 'setStartAtLogin'; enabled: boolean }
  | { type: 'quit' };

/** One menu entry; a `label` is shown greyed out and does nothing. */
export type TrayItem =
  | { kind: 'separator' }
  | { kind: 'label'; label: string }
  | { kind: 'action'; label: string; action: TrayAction }
  | { kind: 'checkbox'; label: string; checked: boolean; action: TrayAction }
  | { kind: 'submenu'; label: string; items: TrayItem[] };

/** What the menu is built from. */
export interface TrayState {
  /** Undefined while the gateway is starting. */
  overview: Overview | undefined;
  /** Undefined where the OS has no login items (Linux): the checkbox is left out. */
  startAtLogin: boolean | undefined;
  /** Set when the gateway failed to start. */
  error?: string;
}

/** The menu, plus the title beside the icon (the pending approvals count) and the tooltip. */
export interface TrayModel {
  title: string;
  tooltip: string;
  items: TrayItem[];
}

/** Approvals listed one by one; the rest are reached through the control center. */
export const MAX_LISTED_APPROVALS = 8;
const MAX_LABEL = 60;

/** Builds the tray menu for a state. */
export function buildTrayModel(state: TrayState): TrayModel {
  const pending = state.overview?.approvals.length ?? 0;
  return {
    title: pending > 0 ? String(pending) : '',
    tooltip: tooltipOf(state, pending),
    items: [
      ...statusItems(state),
      { kind: 'separator' },
      ...approvalItems(state.overview?.approvals ?? []),
      ...serverItems(state.overview),
      { kind: 'action', label: 'Open Control Center…', action: { type: 'open' } },
      ...loginItem(state.startAtLogin),
      { kind: 'separator' },
      { kind: 'action', label: 'Quit Switchboard', action: { type: 'quit' } },
    ],
  };
}

function tooltipOf(state: TrayState, pending: number): string {
  if (state.error) return 'Switchboard: not running';
  if (!state.overview) return 'Switchboard: starting…';
  const waiting = pending > 0 ? ` · ${pending} waiting for approval` : '';
  return `Switchboard${state.overview.paused ? ' (paused)' : ''}${waiting}`;
}

function statusItems(state: TrayState): TrayItem[] {
  if (state.error) return [{ kind: 'label', label: truncate(`Not running: ${state.error}`) }];
  const overview = state.overview;
  if (!overview) return [{ kind: 'label', label: 'Starting…' }];
  const enabled = overview.servers.filter((s) => s.config.enabled);
  const ready = enabled.filter((s) => s.status.state === 'ready').length;
  const headline = overview.paused
    ? 'Paused: agent calls are refused'
    : `Running: ${ready} of ${enabled.length} servers ready`;
  return [
    { kind: 'label', label: headline },
    { kind: 'label', label: overview.endpoint },
    {
      kind: 'action',
      label: 'Copy Endpoint URL',
      action: { type: 'copyEndpoint', url: overview.endpoint },
    },
    {
      kind: 'checkbox',
      label: 'Pause All Agents',
      checked: overview.paused,
      action: { type: 'setPaused', paused: !overview.paused },
    },
  ];
}

function approvalItems(approvals: ApprovalView[]): TrayItem[] {
  if (approvals.length === 0) return [];
  const listed = approvals.slice(0, MAX_LISTED_APPROVALS).map((a): TrayItem => ({
    kind: 'submenu',
    label: truncate(`${a.keyName} → ${a.tool}`),
    items: [
      { kind: 'label', label: truncate(`Role ${a.role} on ${a.serverId}`) },
      {
        kind: 'action',
        label: 'Approve',
        action: { type: 'decideApproval', id: a.id, decision: 'approve' },
      },
      {
        kind: 'action',
        label: 'Deny',
        action: { type: 'decideApproval', id: a.id, decision: 'deny' },
      },
      {
        kind: 'action',
        label: 'Show Details…',
        action: { type: 'open', route: { view: 'approvals', id: a.id } },
      },
    ],
  }));
  const more = approvals.length - listed.length;
  return [
    { kind: 'label', label: `Waiting for approval (${approvals.length})` },
    ...listed,
    ...(more > 0
      ? [
          {
            kind: 'action',
            label: `${more} more…`,
            action: { type: 'open', route: { view: 'approvals' } },
          } as const,
        ]
      : []),
    { kind: 'separator' },
  ];
}

function serverItems(overview: Overview | undefined): TrayItem[] {
  if (!overview || overview.servers.length === 0) return [];
  return [
    {
      kind: 'submenu',
      label: 'Servers',
      items: overview.servers.map(serverToggle),
    },
  ];
}

function serverToggle(server: ServerView): TrayItem {
  const { config, status } = server;
  const name = config.name ?? config.id;
  return {
    kind: 'checkbox',
    label: truncate(config.enabled ? `${name} (${status.state})` : name),
    checked: config.enabled,
    action: { type: 'setServerEnabled', id: config.id, enabled: !config.enabled },
  };
}

function loginItem(startAtLogin: boolean | undefined): TrayItem[] {
  if (startAtLogin === undefined) return [];
  return [
    {
      kind: 'checkbox',
      label: 'Start at Login',
      checked: startAtLogin,
      action: { type: 'setStartAtLogin', enabled: !startAtLogin },
    },
  ];
}

function truncate(text: string): string {
  return text.length <= MAX_LABEL ? text : `${text.slice(0, MAX_LABEL - 1)}…`;
}

/**
 * Folds a control event into the overview the tray shows. Returns the same object when the
 * event does not change the menu (metrics samples, audit lines), so the tray can skip a redraw.
 */
export function applyTrayEvent(overview: Overview, event: ControlEvent): Overview {
  switch (event.type) {
    case 'approvalRequested':
      if (overview.approvals.some((a) => a.id === event.approval.id)) return overview;
      return { ...overview, approvals: [...overview.approvals, event.approval] };
    case 'approvalSettled':
      if (!overview.approvals.some((a) => a.id === event.id)) return overview;
      return { ...overview, approvals: overview.approvals.filter((a) => a.id !== event.id) };
    case 'serverChanged':
      return { ...overview, servers: upsertServer(overview.servers, event.server) };
    case 'serversChanged':
      return { ...overview, servers: event.servers };
    case 'pausedChanged':
      return event.paused === overview.paused ? overview : { ...overview, paused: event.paused };
    case 'rolesChanged':
      return { ...overview, roles: event.roles };
    case 'keysChanged':
      return { ...overview, keys: event.keys };
    default:
      return overview;
  }
}

function upsertServer(servers: ServerView[], server: ServerView): ServerView[] {
  const index = servers.findIndex((s) => s.config.id === server.config.id);
  if (index === -1) return [...servers, server];
  return servers.map((s, i) => (i === index ? server : s));
}

/** What running a tray action may touch. */
export interface TrayEffects {
  control: Pick<ControlApi, 'decideApproval' | 'setServerEnabled' | 'setPaused'>;
  /** Resolves once the clipboard holds the text (Electron's clipboard writes asynchronously). */
  copyText(text: string): Promise<void>;
  open(route?: ViewRoute): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

/** Runs what a menu item asks for; rejects with the control's error for the tray to report. */
export async function runTrayAction(action: TrayAction, effects: TrayEffects): Promise<void> {
  switch (action.type) {
    case 'copyEndpoint':
      return effects.copyText(action.url);
    case 'decideApproval':
      await effects.control.decideApproval({ id: action.id, decision: action.decision });
      return;
    case 'setServerEnabled':
      await effects.control.setServerEnabled({ id: action.id, enabled: action.enabled });
      return;
    case 'setPaused':
      return effects.control.setPaused({ paused: action.paused });
    case 'open':
      return effects.open(action.route);
    case 'setStartAtLogin':
      return effects.setStartAtLogin(action.enabled);
    case 'quit':
      return effects.quit();
  }
}

/** Every action in a menu, depth first (for tests and for finding an item to click). */
export function flattenTrayActions(items: TrayItem[]): { label: string; action: TrayAction }[] {
  return items.flatMap((item) => {
    if (item.kind === 'submenu') return flattenTrayActions(item.items);
    if (item.kind === 'action' || item.kind === 'checkbox')
      return [{ label: item.label, action: item.action }];
    return [];
  });
}
