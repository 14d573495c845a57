import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import {
  CONTROL_METHODS,
  ControlError,
  EVENT_CHANNEL,
  channelOf,
  controlInputs,
  isControlMethod,
  unwrapResult,
  type ControlApi,
  type ControlErrorCode,
  type ControlEvent,
  type ControlMethod,
  type ControlResult,
  type SwitchboardBridge,
} from './control.js';
import { createHttpControlApi, type FetchFn } from './http-control.js';

type Inputs = typeof controlInputs;

describe('the contract (types)', () => {
  it('controlInputs has exactly the methods of ControlApi', () => {
    expectTypeOf<keyof Inputs>().toEqualTypeOf<keyof ControlApi>();
    expectTypeOf<ControlMethod>().toEqualTypeOf<keyof ControlApi>();
  });

  it("each input schema accepts exactly the method's argument type", () => {
    type SchemaInputs = { [K in ControlMethod]: z.input<Inputs[K]> };
    type Arguments = { [K in ControlMethod]: Parameters<ControlApi[K]>[0] };
    expectTypeOf<SchemaInputs>().toEqualTypeOf<Arguments>();
  });

  it('every method is async and takes at most one argument', () => {
    type Async = {
      [K in ControlMethod]: ReturnType<ControlApi[K]> extends Promise<unknown> ? true : false;
    };
    type Arity = {
      [K in ControlMethod]: Parameters<ControlApi[K]>['length'] extends 0 | 1 ? true : false;
    };
    expectTypeOf<Async>().toEqualTypeOf<{ [K in ControlMethod]: true }>();
    expectTypeOf<Arity>().toEqualTypeOf<{ [K in ControlMethod]: true }>();
  });

  it('CONTROL_METHODS is a list of method names', () => {
    expectTypeOf(CONTROL_METHODS).toEqualTypeOf<ControlMethod[]>();
  });

  it('the HTTP client is a ControlApi', () => {
    expectTypeOf(createHttpControlApi).returns.toEqualTypeOf<ControlApi>();
    expectTypeOf<ReturnType<typeof createHttpControlApi>['setRule']>().toEqualTypeOf<
      ControlApi['setRule']
    >();
  });

  it('the preload bridge is the ControlApi plus subscribe', () => {
    expectTypeOf<SwitchboardBridge>().toExtend<ControlApi>();
    expectTypeOf<SwitchboardBridge['subscribe']>().toEqualTypeOf<
      (listener: (event: ControlEvent) => void) => () => void
    >();
  });

  it('channelOf takes only method names and unwrapResult returns the value type', () => {
    expectTypeOf(channelOf).parameter(0).toEqualTypeOf<ControlMethod>();
    expectTypeOf(unwrapResult<number[]>).returns.toEqualTypeOf<number[]>();
    expectTypeOf<ControlError['code']>().toEqualTypeOf<ControlErrorCode>();
  });

  it('events are one discriminated union', () => {
    expectTypeOf<ControlEvent['type']>().toEqualTypeOf<
      | 'serverChanged'
      | 'serversChanged'
      | 'changesChanged'
      | 'catalogChanged'
      | 'rolesChanged'
      | 'keysChanged'
      | 'approvalRequested'
      | 'approvalSettled'
      | 'auditAppended'
      | 'metricsSample'
      | 'pausedChanged'
      | 'signInNeeded'
    >();
  });
});

describe('CONTROL_METHODS', () => {
  it('lists every method of controlInputs once', () => {
    expect([...CONTROL_METHODS].sort()).toEqual(Object.keys(controlInputs).sort());
    expect(new Set(CONTROL_METHODS).size).toBe(CONTROL_METHODS.length);
    expect(CONTROL_METHODS.length).toBeGreaterThan(20);
  });

  it('names each method verb-first in camelCase', () => {
    for (const method of CONTROL_METHODS) {
      expect(method).toMatch(
        /^(get|list|set|add|update|remove|restart|import|create|rename|delete|explain|revoke|decide|query|preview|apply|export|try|start|sign)[A-Z]\w*$/,
      );
    }
  });

  it('isControlMethod accepts exactly those names', () => {
    for (const method of CONTROL_METHODS) expect(isControlMethod(method)).toBe(true);
    for (const name of [
      'toString',
      'constructor',
      '__proto__',
      'hasOwnProperty',
      '',
      'ListRoles',
    ]) {
      expect(isControlMethod(name)).toBe(false);
    }
  });

  it('methods without input accept nothing and refuse an argument', () => {
    for (const method of ['getOverview', 'listServers', 'listRoles', 'getMetrics'] as const) {
      expect(controlInputs[method].safeParse(undefined).success).toBe(true);
      expect(controlInputs[method].safeParse({}).success).toBe(false);
    }
  });
});

describe('channelOf', () => {
  it("derives 'switchboard:' + method, one channel per method, apart from the event channel", () => {
    const channels = CONTROL_METHODS.map(channelOf);
    CONTROL_METHODS.forEach((method, i) => expect(channels[i]).toBe(`switchboard:${method}`));
    expect(new Set(channels).size).toBe(channels.length);
    expect(EVENT_CHANNEL).toBe('switchboard:event');
    expect(channels).not.toContain(EVENT_CHANNEL);
  });
});

describe('unwrapResult / ControlError', () => {
  it('returns the value of an ok result', () => {
    expect(unwrapResult({ ok: true, value: [1, 2] })).toEqual([1, 2]);
    expect(unwrapResult({ ok: true, value: null })).toBeNull();
  });

  it('throws the ControlError of a failed result', () => {
    const result: ControlResult<number> = {
      ok: false,
      error: { code: 'conflict', message: 'a role "x" exists already' },
    };
    let thrown: unknown;
    try {
      unwrapResult(result);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ControlError);
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).toMatchObject({
      name: 'ControlError',
      code: 'conflict',
      message: 'a role "x" exists already',
    });
  });
});

describe('createHttpControlApi', () => {
  /** A real fetch stand-in that records requests and answers from a script. */
  function server(answer: (url: string) => { status: number; body: unknown }) {
    const requests: { url: string; init: Parameters<FetchFn>[1] }[] = [];
    const fetchFn: FetchFn = async (url, init) => {
      requests.push({ url, init });
      const { status, body } = answer(url);
      return { ok: status >= 200 && status < 300, status, json: async () => body };
    };
    return { requests, fetchFn };
  }

  it('has a function for every method', () => {
    const client = createHttpControlApi({
      baseUrl: 'http://x',
      token: 't',
      fetch: server(() => ({ status: 200, body: {} })).fetchFn,
    });
    for (const method of CONTROL_METHODS) expect(typeof client[method]).toBe('function');
  });

  it('POSTs the input as JSON to /control/<method> with the token', async () => {
    const { requests, fetchFn } = server(() => ({
      status: 200,
      body: { ok: true, value: { name: 'r' } },
    }));
    const client = createHttpControlApi({
      baseUrl: 'http://127.0.0.1:9',
      token: 'sbc_token',
      fetch: fetchFn,
    });
    await expect(client.createRole({ name: 'r' })).resolves.toEqual({ name: 'r' });
    await client.listRoles();
    expect(requests).toEqual([
      {
        url: 'http://127.0.0.1:9/control/createRole',
        init: {
          method: 'POST',
          headers: { authorization: 'Bearer sbc_token', 'content-type': 'application/json' },
          body: '{"name":"r"}',
        },
      },
      {
        url: 'http://127.0.0.1:9/control/listRoles',
        init: { method: 'POST', headers: { authorization: 'Bearer sbc_token' } },
      },
    ]);
  });

  it('throws the ControlError of a failed envelope', async () => {
    const { fetchFn } = server(() => ({
      status: 200,
      body: { ok: false, error: { code: 'not_found', message: 'no role "x"' } },
    }));
    const client = createHttpControlApi({ baseUrl: '', token: 't', fetch: fetchFn });
    await expect(client.deleteRole({ name: 'x' })).rejects.toMatchObject({
      name: 'ControlError',
      code: 'not_found',
      message: 'no role "x"',
    });
  });

  it('says the gateway is not reachable when the request cannot be made', async () => {
    const gone = createHttpControlApi({
      baseUrl: 'http://127.0.0.1:9',
      token: 't',
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    await expect(gone.listRoles()).rejects.toMatchObject({
      code: 'unavailable',
      message: 'Switchboard is not reachable at http://127.0.0.1:9; is it still running?',
    });
  });

  it('turns 401 into unauthorized and other HTTP failures into unavailable', async () => {
    const unauthorized = createHttpControlApi({
      baseUrl: '',
      token: 't',
      fetch: server(() => ({ status: 401, body: {} })).fetchFn,
    });
    await expect(unauthorized.listRoles()).rejects.toMatchObject({ code: 'unauthorized' });
    const down = createHttpControlApi({
      baseUrl: '',
      token: 't',
      fetch: server(() => ({ status: 502, body: {} })).fetchFn,
    });
    await expect(down.listRoles()).rejects.toBeInstanceOf(ControlError);
    await expect(down.listRoles()).rejects.toMatchObject({
      code: 'unavailable',
      message: 'the gateway answered HTTP 502 without a result to listRoles',
    });
  });
});
