import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  CONTROL_METHODS,
  ControlError,
  EVENT_CHANNEL,
  channelOf,
  type ControlApi,
  type ControlEvent,
  type ControlMethod,
  type SwitchboardBridge,
} from '../../shared/control.js';
import { createBridge, type BridgeListen } from '../../shared/bridge.js';
import { createIpcHandlers } from './bridge.js';

/** A ControlApi that records each call and answers with what it was given. */
function recordingControl(
  overrides: Partial<Record<ControlMethod, (input: unknown) => Promise<unknown>>> = {},
) {
  const calls: { method: ControlMethod; input: unknown }[] = [];
  const api = Object.fromEntries(
    CONTROL_METHODS.map((method) => [
      method,
      async (input: unknown) => {
        calls.push({ method, input });
        return overrides[method] ? overrides[method](input) : { method, input: input ?? null };
      },
    ]),
  ) as unknown as ControlApi;
  return { api, calls };
}

/** Wires a bridge to handlers the way Electron does: by channel, with structured clone both ways. */
function wire(control: ControlApi, listen: BridgeListen = () => () => {}) {
  const handlers = createIpcHandlers(control);
  const byChannel = new Map(CONTROL_METHODS.map((m) => [channelOf(m), handlers[m]]));
  const channels: string[] = [];
  const invoke = async (channel: string, input: unknown) => {
    channels.push(channel);
    const handler = byChannel.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return structuredClone(await handler(structuredClone(input)));
  };
  return { bridge: createBridge(invoke, listen), channels };
}

describe('createIpcHandlers', () => {
  it('covers every control method and nothing else', () => {
    const handlers = createIpcHandlers(recordingControl().api);
    expect(Object.keys(handlers).sort()).toEqual([...CONTROL_METHODS].sort());
    for (const method of CONTROL_METHODS) expect(handlers[method]).toBeTypeOf('function');
  });

  it('passes validated input to the control and wraps the value', async () => {
    const { api, calls } = recordingControl();
    const result = await createIpcHandlers(api).setServerEnabled({ id: 'memory', enabled: false });
    expect(result).toEqual({
      ok: true,
      value: { method: 'setServerEnabled', input: { id: 'memory', enabled: false } },
    });
    expect(calls).toEqual([
      { method: 'setServerEnabled', input: { id: 'memory', enabled: false } },
    ]);
  });

  it('applies schema defaults before calling', async () => {
    const { api, calls } = recordingControl();
    await createIpcHandlers(api).decideApproval({ id: 'a1', decision: 'approve' });
    expect(calls[0]?.input).toEqual({ id: 'a1', decision: 'approve', always: false });
  });

  it.each([
    ['setServerEnabled', { id: 'memory', enabled: 'yes' }],
    ['setServerEnabled', { id: '../etc', enabled: true }],
    ['decideApproval', { id: 'a1', decision: 'maybe' }],
    ['removeServer', undefined],
    ['listServers', { sneaky: true }],
    ['queryAudit', { limit: 1e9 }],
  ] as const)(
    'answers invalid input to %s with invalid_input, without calling',
    async (method, input) => {
      const { api, calls } = recordingControl();
      const result = await createIpcHandlers(api)[method](input);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(calls).toEqual([]);
    },
  );

  it('turns a thrown ControlError into its code, and anything else into internal', async () => {
    const onInternalError = vi.fn();
    const { api } = recordingControl({
      removeServer: async () => {
        throw new ControlError('not_found', 'no server "x"');
      },
      restartServer: async () => {
        throw new TypeError('boom');
      },
    });
    const handlers = createIpcHandlers(api, onInternalError);
    expect(await handlers.removeServer({ id: 'x' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no server "x"' },
    });
    expect(await handlers.restartServer({ id: 'x' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
    expect(onInternalError).toHaveBeenCalledOnce();
  });
});

describe('createBridge', () => {
  it('is a SwitchboardBridge with one function per method plus subscribe', () => {
    const { bridge } = wire(recordingControl().api);
    expectTypeOf(bridge).toEqualTypeOf<SwitchboardBridge>();
    expect(Object.keys(bridge).sort()).toEqual([...CONTROL_METHODS, 'subscribe'].sort());
  });

  it('invokes each method on its derived channel and returns the unwrapped value', async () => {
    const { bridge, channels } = wire(recordingControl().api);
    for (const method of CONTROL_METHODS) {
      const call = bridge[method] as (input?: unknown) => Promise<unknown>;
      await call.call(bridge, undefined).catch(() => undefined);
    }
    expect(channels).toEqual(CONTROL_METHODS.map(channelOf));
    await expect(bridge.listServers()).resolves.toEqual({ method: 'listServers', input: null });
  });

  it('throws a ControlError carrying the code of an error envelope', async () => {
    const { bridge } = wire(recordingControl().api);
    const error = await bridge
      .setPaused({ paused: 'no' as unknown as boolean })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlError);
    expect(error).toMatchObject({ code: 'invalid_input' });
  });

  it('subscribes on the event channel, hands over payloads only, and unsubscribes', () => {
    const listeners = new Map<string, Set<(payload: unknown) => void>>();
    const listen: BridgeListen = (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    };
    const { bridge } = wire(recordingControl().api, listen);
    const seen: ControlEvent[] = [];
    const unsubscribe = bridge.subscribe((event) => seen.push(event));
    expect([...listeners.keys()]).toEqual([EVENT_CHANNEL]);
    const event: ControlEvent = { type: 'pausedChanged', paused: true };
    for (const l of listeners.get(EVENT_CHANNEL)!) l(event);
    unsubscribe();
    for (const l of listeners.get(EVENT_CHANNEL)!) l({ type: 'pausedChanged', paused: false });
    expect(seen).toEqual([event]);
  });
});
