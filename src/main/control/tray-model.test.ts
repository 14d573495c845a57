import { describe, expect, it, vi } from 'vitest';
import {
  OverviewSchema,
  ServerViewSchema,
  type ApprovalView,
  type Overview,
  type ServerView,
} from '../../shared/model.js';
import {
  MAX_LISTED_APPROVALS,
  applyTrayEvent,
  buildTrayModel,
  flattenTrayActions,
  routeHash,
  runTrayAction,
  type TrayEffects,
  type TrayItem,
} from './tray-model.js';

function server(id: string, enabled: boolean, state: ServerView['status']['state']): ServerView {
  return ServerViewSchema.parse({
    status: { id, name: id, state, transport: 'stdio', tools: 1, resources: 0, prompts: 0 },
    config: { id, enabled, transport: { type: 'stdio', command: 'node' } },
  });
}

function approval(id: string): ApprovalView {
  return {
    id,
    tool: 'filesystem__write_file',
    serverId: 'filesystem',
    description: 'Write a file',
    role: 'coder',
    keyName: 'cursor',
    arguments: { path: '/tmp/x' },
    argsDigest: 'd',
    createdAt: 0,
    expiresAt: 120_000,
  };
}

function overview(patch: Partial<Overview> = {}): Overview {
  return OverviewSchema.parse({
    version: '0.1.0',
    endpoint: 'http://127.0.0.1:37373/mcp',
    dataDir: '/data',
    paused: false,
    servers: [
      server('filesystem', true, 'ready'),
      server('memory', true, 'down'),
      server('pdf', false, 'disabled'),
    ],
    roles: [],
    keys: [],
    approvals: [],
    ...patch,
  });
}

function labels(items: TrayItem[]): string[] {
  return items.flatMap((i) => (i.kind === 'separator' ? [] : [i.label]));
}

describe('buildTrayModel', () => {
  it('shows the gateway state, the endpoint with a copy action, and the fixed entries', () => {
    const model = buildTrayModel({ overview: overview(), startAtLogin: false });
    expect(model.title).toBe('');
    expect(labels(model.items)).toEqual([
      'Running: 1 of 2 servers ready',
      'http://127.0.0.1:37373/mcp',
      'Copy Endpoint URL',
      'Pause All Agents',
      'Servers',
      'Open Control Center…',
      'Start at Login',
      'Quit Switchboard',
    ]);
    expect(flattenTrayActions(model.items)).toContainEqual({
      label: 'Copy Endpoint URL',
      action: { type: 'copyEndpoint', url: 'http://127.0.0.1:37373/mcp' },
    });
  });

  it('counts pending approvals in the title and lists each with approve and deny', () => {
    const model = buildTrayModel({
      overview: overview({ approvals: [approval('a1'), approval('a2')] }),
      startAtLogin: false,
    });
    expect(model.title).toBe('2');
    expect(model.tooltip).toContain('2 waiting for approval');
    const actions = flattenTrayActions(model.items).map((a) => a.action);
    expect(actions).toContainEqual({ type: 'decideApproval', id: 'a1', decision: 'approve' });
    expect(actions).toContainEqual({ type: 'decideApproval', id: 'a2', decision: 'deny' });
    expect(actions).toContainEqual({ type: 'open', route: { view: 'approvals', id: 'a2' } });
  });

  it('lists a bounded number of approvals and links to the rest', () => {
    const many = Array.from({ length: MAX_LISTED_APPROVALS + 3 }, (_, i) => approval(`a${i}`));
    const model = buildTrayModel({ overview: overview({ approvals: many }), startAtLogin: false });
    expect(model.items.filter((i) => i.kind === 'submenu' && i.label.includes('→'))).toHaveLength(
      MAX_LISTED_APPROVALS,
    );
    expect(flattenTrayActions(model.items)).toContainEqual({
      label: '3 more…',
      action: { type: 'open', route: { view: 'approvals' } },
    });
  });

  it('offers one toggle per server that flips its enabled flag', () => {
    const model = buildTrayModel({ overview: overview(), startAtLogin: undefined });
    const servers = model.items.find((i) => i.kind === 'submenu' && i.label === 'Servers');
    expect(servers).toMatchObject({
      items: [
        {
          kind: 'checkbox',
          label: 'filesystem (ready)',
          checked: true,
          action: { type: 'setServerEnabled', id: 'filesystem', enabled: false },
        },
        { kind: 'checkbox', label: 'memory (down)', checked: true },
        { kind: 'checkbox', label: 'pdf', checked: false, action: { enabled: true } },
      ],
    });
    expect(labels(model.items)).not.toContain('Start at Login');
  });

  it('pauses and resumes all agents', () => {
    const paused = buildTrayModel({ overview: overview({ paused: true }), startAtLogin: true });
    expect(paused.items[0]).toEqual({ kind: 'label', label: 'Paused: agent calls are refused' });
    expect(paused.items).toContainEqual({
      kind: 'checkbox',
      label: 'Pause All Agents',
      checked: true,
      action: { type: 'setPaused', paused: false },
    });
  });

  it('says when the gateway is starting or failed, and still offers quit', () => {
    expect(buildTrayModel({ overview: undefined, startAtLogin: false }).items[0]).toEqual({
      kind: 'label',
      label: 'Starting…',
    });
    const failed = buildTrayModel({
      overview: undefined,
      startAtLogin: false,
      error: 'port 37373 is in use',
    });
    expect(labels(failed.items)[0]).toBe('Not running: port 37373 is in use');
    expect(flattenTrayActions(failed.items).at(-1)?.action).toEqual({ type: 'quit' });
  });

  it('keeps labels short', () => {
    const long = { ...approval('a1'), keyName: 'k'.repeat(200) };
    const model = buildTrayModel({
      overview: overview({ approvals: [long] }),
      startAtLogin: false,
    });
    for (const label of labels(model.items)) expect(label.length).toBeLessThanOrEqual(60);
  });
});

describe('applyTrayEvent', () => {
  it('adds and removes approvals as they are requested and settled', () => {
    const start = overview();
    const one = applyTrayEvent(start, { type: 'approvalRequested', approval: approval('a1') });
    expect(one.approvals.map((a) => a.id)).toEqual(['a1']);
    expect(applyTrayEvent(one, { type: 'approvalRequested', approval: approval('a1') })).toBe(one);
    expect(
      applyTrayEvent(one, { type: 'approvalSettled', id: 'a1', outcome: 'timeout' }).approvals,
    ).toEqual([]);
    expect(applyTrayEvent(start, { type: 'approvalSettled', id: 'zz', outcome: 'approved' })).toBe(
      start,
    );
  });

  it('replaces or adds a changed server, and follows pause', () => {
    const start = overview();
    const changed = applyTrayEvent(start, {
      type: 'serverChanged',
      server: server('memory', true, 'ready'),
    });
    expect(changed.servers.map((s) => s.status.state)).toEqual(['ready', 'ready', 'disabled']);
    const added = applyTrayEvent(start, {
      type: 'serverChanged',
      server: server('web', true, 'starting'),
    });
    expect(added.servers.map((s) => s.config.id)).toEqual(['filesystem', 'memory', 'pdf', 'web']);
    expect(applyTrayEvent(start, { type: 'pausedChanged', paused: true }).paused).toBe(true);
    expect(applyTrayEvent(start, { type: 'pausedChanged', paused: false })).toBe(start);
  });

  it('returns the same overview for events the menu does not show', () => {
    const start = overview();
    expect(
      applyTrayEvent(start, {
        type: 'metricsSample',
        sample: {
          t: 1,
          gatewayRssBytes: 1,
          servers: [],
          totals: { calls: 0, errors: 0, cacheHits: 0, startedAt: 0 },
        },
      }),
    ).toBe(start);
    expect(applyTrayEvent(start, { type: 'catalogChanged', version: 2 })).toBe(start);
  });
});

describe('runTrayAction', () => {
  function effects(): TrayEffects {
    return {
      control: {
        decideApproval: vi.fn(async () => ({ result: 'settled' as const })),
        setServerEnabled: vi.fn(async () => server('memory', false, 'disabled')),
        setPaused: vi.fn(async () => undefined),
      },
      copyText: vi.fn(),
      open: vi.fn(),
      setStartAtLogin: vi.fn(),
      quit: vi.fn(),
    };
  }

  it('routes each action to its effect', async () => {
    const fx = effects();
    await runTrayAction({ type: 'decideApproval', id: 'a1', decision: 'deny' }, fx);
    await runTrayAction({ type: 'setServerEnabled', id: 'memory', enabled: false }, fx);
    await runTrayAction({ type: 'setPaused', paused: true }, fx);
    await runTrayAction({ type: 'copyEndpoint', url: 'http://x/mcp' }, fx);
    await runTrayAction({ type: 'open', route: { view: 'approvals', id: 'a1' } }, fx);
    await runTrayAction({ type: 'setStartAtLogin', enabled: true }, fx);
    await runTrayAction({ type: 'quit' }, fx);
    expect(fx.control.decideApproval).toHaveBeenCalledWith({ id: 'a1', decision: 'deny' });
    expect(fx.control.setServerEnabled).toHaveBeenCalledWith({ id: 'memory', enabled: false });
    expect(fx.control.setPaused).toHaveBeenCalledWith({ paused: true });
    expect(fx.copyText).toHaveBeenCalledWith('http://x/mcp');
    expect(fx.open).toHaveBeenCalledWith({ view: 'approvals', id: 'a1' });
    expect(fx.setStartAtLogin).toHaveBeenCalledWith(true);
    expect(fx.quit).toHaveBeenCalledOnce();
  });

  it('rejects with the control error so the tray can report it', async () => {
    const fx = effects();
    fx.control.setPaused = async () => {
      throw new Error('nope');
    };
    await expect(runTrayAction({ type: 'setPaused', paused: true }, fx)).rejects.toThrow('nope');
  });
});

describe('routeHash', () => {
  it('addresses a view and an item', () => {
    expect(routeHash({ view: 'servers' })).toBe('#/servers');
    expect(routeHash({ view: 'approvals', id: 'a/1 b' })).toBe('#/approvals/a%2F1%20b');
  });
});
