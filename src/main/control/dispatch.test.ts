import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlError, type ControlApi, type ControlResult } from '../../shared/control.js';
import type { Role } from '../../shared/model.js';
import { startSwitchboard, type TestSwitchboard } from '../../../test/helpers/start-switchboard.js';
import { GatewayError } from '../gateway/index.js';
import { createDispatch, type Dispatch } from './dispatch.js';

describe('createDispatch against the real control service', () => {
  let test: TestSwitchboard;
  let dispatch: Dispatch;
  const internal: unknown[] = [];

  beforeAll(async () => {
    test = await startSwitchboard({ servers: [] });
    dispatch = createDispatch(test.sb.control, (error) => internal.push(error));
  });
  afterAll(async () => {
    await test?.stop();
  });

  it('answers a call with { ok: true, value }', async () => {
    const result = (await dispatch('listRoles', undefined)) as ControlResult<Role[]>;
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.map((r) => r.name)).toContain('admin');
  });

  it('treats a null input of a method without input as no input', async () => {
    expect((await dispatch('listRoles', null)).ok).toBe(true);
  });

  it('answers a void method with value null (JSON-safe, unlike undefined)', async () => {
    await dispatch('createRole', { name: 'temp' });
    expect(await dispatch('deleteRole', { name: 'temp' })).toEqual({ ok: true, value: null });
  });

  it('applies schema defaults before the call', async () => {
    const result = await dispatch('queryAudit', {});
    expect(result).toEqual({ ok: true, value: [] });
  });

  it.each(['noSuchMethod', 'toString', 'constructor', '__proto__', 'hasOwnProperty', ''])(
    'answers an unknown method name %j with not_found',
    async (method) => {
      expect(await dispatch(method, undefined)).toEqual({
        ok: false,
        error: { code: 'not_found', message: `no control method "${method}"` },
      });
    },
  );

  it('answers invalid input with invalid_input naming the path', async () => {
    const result = await dispatch('setRules', {
      role: 'admin',
      rules: [
        { pattern: '*', action: 'allow' },
        { pattern: '*', action: 'maybe' },
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message).toMatch(/^invalid input for setRules at rules\.1\.action: /);
    }
  });

  it('answers a missing field and a wrong top-level type with invalid_input', async () => {
    const missing = await dispatch('setServerEnabled', { id: 'fs' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!missing.ok) expect(missing.error.message).toContain('at enabled');
    const wrongType = await dispatch('createRole', 'admin');
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!wrongType.ok) expect(wrongType.error.message).toMatch(/^invalid input for createRole: /);
    const extra = await dispatch('listRoles', { unexpected: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('keeps the code of a ControlError the method throws', async () => {
    expect(await dispatch('deleteRole', { name: 'ghost' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no role "ghost"' },
    });
    const conflict = await dispatch('createRole', { name: 'admin' });
    expect(conflict).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('never calls onInternalError for expected failures', () => {
    expect(internal).toEqual([]);
  });
});

/** A small real object with the methods the tests below call, using `this` like a class would. */
class ProbeApi {
  calls: unknown[] = [];
  failure: unknown = undefined;

  async listRoles(): Promise<Role[]> {
    if (this.failure !== undefined) throw this.failure;
    return [];
  }

  async setPaused(input: { paused: boolean }): Promise<void> {
    this.calls.push(input);
  }
}

function probe() {
  const api = new ProbeApi();
  const internal: unknown[] = [];
  const dispatch = createDispatch(api as unknown as ControlApi, (e) => internal.push(e));
  return { api, internal, dispatch };
}

describe('createDispatch with a small real ControlApi object', () => {
  it('calls the method on the object (this is bound) with the parsed input', async () => {
    const { api, dispatch } = probe();
    expect(await dispatch('setPaused', { paused: true })).toEqual({ ok: true, value: null });
    expect(api.calls).toEqual([{ paused: true }]);
  });

  it('does not call the method when the input is invalid', async () => {
    const { api, dispatch } = probe();
    await dispatch('setPaused', { paused: 'yes' });
    expect(api.calls).toEqual([]);
  });

  it('turns any other throw into internal and reports it', async () => {
    const { api, internal, dispatch } = probe();
    const boom = new Error('disk on fire');
    api.failure = boom;
    expect(await dispatch('listRoles', undefined)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'disk on fire' },
    });
    expect(internal).toEqual([boom]);
  });

  it('answers a thrown non-Error with a generic internal message', async () => {
    const { api, internal, dispatch } = probe();
    api.failure = 'a string';
    expect(await dispatch('listRoles', undefined)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'internal error' },
    });
    expect(internal).toEqual(['a string']);
  });

  it('keeps a ControlError code without reporting it as internal', async () => {
    const { api, internal, dispatch } = probe();
    api.failure = new ControlError('unavailable', 'the gateway is stopping');
    expect(await dispatch('listRoles', undefined)).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'the gateway is stopping' },
    });
    expect(internal).toEqual([]);
  });

  it('answers a GatewayError config_invalid with invalid_input, others with internal', async () => {
    const { api, internal, dispatch } = probe();
    api.failure = new GatewayError('config_invalid', 'the config would be invalid: x');
    expect(await dispatch('listRoles', undefined)).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'the config would be invalid: x' },
    });
    expect(internal).toEqual([]);
    api.failure = new GatewayError('timeout', 'too slow');
    expect(await dispatch('listRoles', undefined)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(internal).toHaveLength(1);
  });

  it('works without an onInternalError callback', async () => {
    const api = new ProbeApi();
    api.failure = new Error('x');
    const dispatch = createDispatch(api as unknown as ControlApi);
    expect(await dispatch('listRoles', undefined)).toMatchObject({ ok: false });
  });
});
