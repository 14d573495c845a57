import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFunction } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  CONTROL_METHODS,
  EVENT_CHANNEL,
  channelOf,
  type ControlApi,
  type ControlEvent,
  type ControlMethod,
  type SwitchboardBridge,
} from '../src/shared/control.js';
import { createIpcHandlers } from '../src/main/control/bridge.js';

// The preload as it ships (out/preload/index.cjs, built by `npm run build`), run under Node with
// a stand-in for the two Electron objects it touches. What it exposes is what the window gets,
// so a broken preload fails here even though no Electron binary runs on this machine.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = resolve(ROOT, 'out/preload/index.cjs');

/** A ControlApi that records each call and answers with what it was given. */
function recordingControl() {
  const calls: { method: ControlMethod; input: unknown }[] = [];
  const api = Object.fromEntries(
    CONTROL_METHODS.map((method) => [
      method,
      async (input: unknown) => {
        calls.push({ method, input });
        return { method };
      },
    ]),
  ) as unknown as ControlApi;
  return { api, calls };
}

/** Runs the built preload with Electron's contextBridge and ipcRenderer played by the test. */
function loadPreload(control: ControlApi) {
  const handlers = createIpcHandlers(control);
  const byChannel = new Map(CONTROL_METHODS.map((m) => [channelOf(m), handlers[m]]));
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const invoked: string[] = [];
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value),
    },
    ipcRenderer: {
      // Structured clone both ways, as Electron's IPC does.
      async invoke(channel: string, input: unknown) {
        invoked.push(channel);
        const handler = byChannel.get(channel);
        if (!handler) throw new Error(`No handler registered for '${channel}'`);
        return structuredClone(await handler(structuredClone(input)));
      },
      on(channel: string, listener: (event: unknown, payload: unknown) => void) {
        const set = listeners.get(channel) ?? new Set();
        listeners.set(channel, set);
        set.add(listener);
      },
      removeListener(channel: string, listener: (event: unknown, payload: unknown) => void) {
        listeners.get(channel)?.delete(listener);
      },
    },
  };
  const module = { exports: {} };
  const run = compileFunction(readFileSync(BUNDLE, 'utf8'), ['require', 'module', 'exports'], {
    filename: BUNDLE,
  });
  run(
    (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`the sandboxed preload required "${name}"`);
    },
    module,
    module.exports,
  );
  /** What the main process's webContents.send would deliver on a channel. */
  const send = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) {
      listener({ sender: 'ipc-internals', ports: [] }, payload);
    }
  };
  return { exposed, invoked, send, listeners };
}

describe('the shipped preload (out/preload/index.cjs)', () => {
  it('is built', () => {
    expect(existsSync(BUNDLE), 'run `npm run build` first').toBe(true);
  });

  it('exposes window.switchboard with every control method plus subscribe, and nothing else', () => {
    const { exposed } = loadPreload(recordingControl().api);
    expect([...exposed.keys()]).toEqual(['switchboard']);
    const bridge = exposed.get('switchboard') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual([...CONTROL_METHODS, 'subscribe'].sort());
    for (const value of Object.values(bridge)) expect(value).toBeTypeOf('function');
  });

  it('sends each method on its own channel and returns the unwrapped value', async () => {
    const { api, calls } = recordingControl();
    const { exposed, invoked } = loadPreload(api);
    const bridge = exposed.get('switchboard') as SwitchboardBridge;
    await expect(bridge.setServerEnabled({ id: 'memory', enabled: false })).resolves.toEqual({
      method: 'setServerEnabled',
    });
    expect(invoked).toEqual([channelOf('setServerEnabled')]);
    expect(calls).toEqual([
      { method: 'setServerEnabled', input: { id: 'memory', enabled: false } },
    ]);
  });

  it('rejects with the ControlError code of an error envelope', async () => {
    const { api, calls } = recordingControl();
    const bridge = loadPreload(api).exposed.get('switchboard') as SwitchboardBridge;
    const error = await bridge
      .setServerEnabled({ id: '../etc', enabled: true })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ControlError', code: 'invalid_input' });
    expect(calls).toEqual([]);
  });

  it('hands the page event payloads only, and unsubscribes', () => {
    const { exposed, send, listeners } = loadPreload(recordingControl().api);
    const bridge = exposed.get('switchboard') as SwitchboardBridge;
    const seen: unknown[] = [];
    const unsubscribe = bridge.subscribe((event) => seen.push(event));
    const event: ControlEvent = { type: 'pausedChanged', paused: true };
    send(EVENT_CHANNEL, event);
    unsubscribe();
    send(EVENT_CHANNEL, { type: 'pausedChanged', paused: false });
    expect(seen).toEqual([event]);
    expect(listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });
});
