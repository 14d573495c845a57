import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureTransport, stopAllFixtures } from './helpers/spawn-fixture.js';
import { startSwitchboard, type TestSwitchboard } from './helpers/start-switchboard.js';

// Browser sessions of the control API: only the token buys one; the cookie works only when the
// browser says the request comes from our own page, and the event stream is held to that too.

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

const call = (path: string, headers: Record<string, string>, method = 'POST') =>
  fetch(`${origin}${path}`, { method, headers });

/** Opens a session with the token and returns its cookie (`name=value`). */
async function openSession(): Promise<{ jar: string; setCookie: string }> {
  const res = await call('/control/session', { authorization: `Bearer ${token}` });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { jar: setCookie.split(';')[0]!, setCookie };
}

describe('control sessions', () => {
  it('are bought with the token only, as an HttpOnly SameSite=Strict /control cookie', async () => {
    const { jar, setCookie } = await openSession();
    const port = new URL(origin).port;
    expect(jar).toMatch(new RegExp(`^switchboard_session_${port}=[\\w-]{43}$`));
    expect(setCookie).toMatch(/; Path=\/control; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(jar).not.toContain(token);
    const refused: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${t.adminKey}` },
      { cookie: jar, origin },
    ];
    for (const headers of refused) {
      expect((await call('/control/session', headers)).status).toBe(401);
    }
  });

  it('work from our own page, and never on the cookie alone', async () => {
    const { jar } = await openSession();
    const ok: Record<string, string>[] = [
      { cookie: jar, origin },
      { cookie: jar, 'sec-fetch-site': 'same-origin' },
      { cookie: jar, origin, 'sec-fetch-site': 'same-origin' },
    ];
    for (const headers of ok)
      expect((await call('/control/listServers', headers)).status).toBe(200);
    const refused: [Record<string, string>, number][] = [
      [{ cookie: jar }, 401],
      [{ cookie: jar, 'sec-fetch-site': 'same-site' }, 401],
      [{ cookie: jar, 'sec-fetch-site': 'cross-site' }, 401],
      [{ cookie: jar, 'sec-fetch-site': 'none' }, 401],
      [{ cookie: jar, origin, 'sec-fetch-site': 'same-site' }, 401],
      [{ cookie: jar, origin: 'http://127.0.0.1:1' }, 403],
    ];
    for (const [headers, status] of refused) {
      expect((await call('/control/listServers', headers)).status, JSON.stringify(headers)).toBe(
        status,
      );
    }
    const name = jar.split('=')[0]!;
    for (const value of [token, t.adminKey, 'x']) {
      const res = await call('/control/listServers', { cookie: `${name}=${value}`, origin });
      expect(res.status).toBe(401);
    }
  });

  it('hold the event stream to the same rule', async () => {
    const { jar } = await openSession();
    const cross = await call(
      '/control/events',
      { cookie: jar, 'sec-fetch-site': 'same-site' },
      'GET',
    );
    expect(cross.status).toBe(401);
    const own = await call(
      '/control/events',
      { cookie: jar, 'sec-fetch-site': 'same-origin' },
      'GET',
    );
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('text/event-stream');
    await own.body?.cancel();
  });

  it('end with DELETE: the cookie stops working and is cleared', async () => {
    const { jar } = await openSession();
    const res = await call('/control/session', { cookie: jar, origin }, 'DELETE');
    expect(res.headers.get('set-cookie')).toMatch(/=; Path=\/control; .*Max-Age=0$/);
    expect((await call('/control/listServers', { cookie: jar, origin })).status).toBe(401);
  });
});
