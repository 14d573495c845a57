import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_METHODS } from '../src/shared/control.js';
import { createHttpControlApi } from '../src/shared/http-control.js';
import { fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';

// The control API over HTTP: only the control token opens it, only our own origin
// may drive it, and the derived client speaks the whole contract.

let t: TestSwitchboard;
let token: string;
let origin: string;

beforeAll(async () => {
  t = await startSwitchboard({
    servers: [{ id: 'fixture', transport: fixtureTransport() }],
  });
  token = t.controlToken;
  origin = t.sb.endpoint.origin;
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await stopAllFixtures();
});

const post = (path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('the control HTTP surface', () => {
  it('answers 401 without the token, whatever the method name', async () => {
    const unknown = await post('/control/nope', { authorization: `Bearer ${token}` });
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(
      /^no control method/,
    );
    for (const path of [
      '/control/listServers',
      '/control/decideApproval',
      '/control/nope',
      '/control/',
      '/control',
    ]) {
      expect((await post(path, {})).status, path).toBe(401);
    }
    expect((await fetch(`${origin}/control/events`)).status).toBe(401);
    expect((await fetch(`${origin}/metrics`)).status).toBe(401);
  });

  it('never takes an agent key as a control token', async () => {
    const res = await post('/control/listKeys', { authorization: `Bearer ${t.adminKey}` });
    expect(res.status).toBe(401);
  });

  it('answers 403 to a foreign, null or doubled Origin, even with the token', async () => {
    for (const bad of ['https://evil.example', 'null', `${origin}, https://evil.example`]) {
      const res = await post('/control/listServers', {
        authorization: `Bearer ${token}`,
        origin: bad,
      });
      expect(res.status, bad).toBe(403);
    }
  });

  it('serves the contract to the token holder through the derived client', async () => {
    const client = createHttpControlApi({ baseUrl: origin, token: token });
    const overview = await client.getOverview();
    expect(overview.endpoint).toBe(t.url);
    expect(overview.servers.map((s) => s.config.id)).toEqual(['fixture']);
    const created = await client.createKey({ name: 'from-http', role: 'admin' });
    expect(created.secret).toMatch(/^sb_/);
    expect((await client.listKeys()).map((k) => k.name)).toContain('from-http');
    await expect(client.createKey({ name: 'from-http', role: 'admin' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      client.setRule({ role: 'admin', pattern: '', action: 'allow' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('gives the shared client errors a person can act on', async () => {
    const wrongToken = createHttpControlApi({ baseUrl: origin, token: 'sbc_not-the-token' });
    await expect(wrongToken.listServers()).rejects.toMatchObject({
      code: 'unauthorized',
      message: 'the control token was refused',
    });
    // A port where nothing listens: the message names where it looked.
    const nowhere = createHttpControlApi({ baseUrl: 'http://127.0.0.1:9', token });
    await expect(nowhere.listServers()).rejects.toMatchObject({
      code: 'unavailable',
      message: 'Switchboard is not reachable at http://127.0.0.1:9; is it still running?',
    });
  });

  it('answers every method of the contract (none is missing on the server)', async () => {
    for (const method of CONTROL_METHODS) {
      const res = await post(`/control/${method}`, { authorization: `Bearer ${token}` }, {});
      const body = (await res.json()) as { ok: boolean; error?: { message: string } };
      // Each answers (a value, or a validation error for the empty input): none is unknown.
      expect(body.error?.message ?? '', method).not.toMatch(/^no control method/);
    }
  });

  it('streams events over SSE to the token holder', async () => {
    const controller = new AbortController();
    const res = await fetch(`${origin}/control/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await t.sb.control.setPaused({ paused: true });
    await t.sb.control.setPaused({ paused: false });
    let seen = '';
    while (!seen.includes('pausedChanged')) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(seen).toContain('"type":"pausedChanged"');
  });

  it('serves Prometheus metrics to the token holder', async () => {
    const res = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('switchboard_calls_total');
  });
});
