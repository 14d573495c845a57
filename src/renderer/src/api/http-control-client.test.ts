import { describe, expectTypeOf, it, expect } from 'vitest';
import type { ControlApi, SwitchboardBridge } from '../../../shared/control';
import { CONTROL_METHODS } from '../../../shared/control';
import { createHttpControlApi } from '../../../shared/http-control';
import { createHttpControlClient } from './http-control-client';

describe('http control client', () => {
  it('is a ControlApi', () => {
    expectTypeOf(createHttpControlApi).returns.toEqualTypeOf<ControlApi>();
    expectTypeOf(createHttpControlClient).returns.toHaveProperty('api').toEqualTypeOf<ControlApi>();
    expectTypeOf<SwitchboardBridge>().toExtend<ControlApi>();
  });

  it('derives every method: POST /control/<method>, Bearer token, JSON body, envelope', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ ok: true, value: 42 }));
    }) as typeof fetch;
    const api = createHttpControlApi({ token: 't0k', fetch: fakeFetch });
    for (const method of CONTROL_METHODS) expect(typeof api[method]).toBe('function');
    await expect(api.setPaused({ paused: true })).resolves.toBe(42);
    await api.listServers();
    expect(calls[0]!.url).toBe('/control/setPaused');
    expect(calls[0]!.init.body).toBe('{"paused":true}');
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer t0k');
    expect(calls[1]!.init.body).toBeUndefined();
  });

  it('throws the envelope error as a ControlError', async () => {
    const fakeFetch = (async () =>
      new Response(
        JSON.stringify({ ok: false, error: { code: 'not_found', message: 'no server "x"' } }),
      )) as unknown as typeof fetch;
    const api = createHttpControlApi({ token: 't', fetch: fakeFetch });
    await expect(api.removeServer({ id: 'x' })).rejects.toMatchObject({
      name: 'ControlError',
      code: 'not_found',
    });
  });
});
