import { useForeignSite } from './fixtures/foreign-site.js';
import { expect, test } from './fixtures/web.js';

// A page from another origin — even another localhost port — cannot reach the
// control API, with or without the token; the endpoint's Origin check answers 403.

type Attempt = { ok: boolean; status?: number; error?: string };

/** The page's XMLHttpRequest, as far as these tests use it (this tsconfig has no DOM types). */
type PageXhr = {
  status: number;
  onload: (() => void) | null;
  onerror: (() => void) | null;
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: string): void;
};

test.describe('a foreign origin', () => {
  const site = useForeignSite();

  test('cannot call the control API by fetch or XHR, with or without the token', async ({
    page,
    switchboard,
  }) => {
    await page.goto(site.origin);
    const target = `${switchboard.origin}/control/setPaused`;
    // Every 403 the gateway sends this page, whatever the browser lets the script see.
    const forbidden: string[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(switchboard.origin) && response.status() === 403) {
        forbidden.push(`${response.request().method()} ${new URL(response.url()).pathname}`);
      }
    });

    const attempts = await page.evaluate(
      async ({ target, token }) => {
        const body = JSON.stringify({ paused: true });
        const viaFetch = async (headers: Record<string, string>): Promise<Attempt> => {
          try {
            const r = await fetch(target, { method: 'POST', headers, body });
            return { ok: r.ok, status: r.status };
          } catch (error) {
            return { ok: false, error: String(error) };
          }
        };
        const viaXhr = (headers: Record<string, string>) =>
          new Promise<Attempt>((resolve) => {
            const xhr = new (
              globalThis as unknown as { XMLHttpRequest: new () => PageXhr }
            ).XMLHttpRequest();
            xhr.open('POST', target);
            for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
            xhr.onload = () => resolve({ ok: xhr.status === 200, status: xhr.status });
            xhr.onerror = () => resolve({ ok: false, status: xhr.status, error: 'network error' });
            xhr.send(body);
          });
        // A "simple" request: no preflight, so the gateway sees the POST itself.
        const noCors = await fetch(target, { method: 'POST', mode: 'no-cors', body }).then(
          (r) => ({ ok: false, status: r.status, error: r.type }),
          (error: unknown) => ({ ok: false, error: String(error) }),
        );
        const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        return {
          fetchWithToken: await viaFetch(auth),
          fetchWithoutToken: await viaFetch({ 'content-type': 'application/json' }),
          xhrWithToken: await viaXhr(auth),
          xhrWithoutToken: await viaXhr({}),
          noCors,
        };
      },
      { target, token: switchboard.token },
    );

    // Script never gets a readable answer: CORS fails every request the gateway refused.
    expect(attempts.fetchWithToken).toEqual({
      ok: false,
      error: expect.stringMatching(/TypeError/),
    });
    expect(attempts.fetchWithoutToken).toEqual({
      ok: false,
      error: expect.stringMatching(/TypeError/),
    });
    expect(attempts.xhrWithToken).toEqual({ ok: false, status: 0, error: 'network error' });
    expect(attempts.xhrWithoutToken).toEqual({ ok: false, status: 0, error: 'network error' });
    expect(attempts.noCors).toEqual({ ok: false, status: 0, error: 'opaque' });
    // The simple POST reached the gateway and was refused by the Origin check.
    expect(forbidden).toContain('POST /control/setPaused');

    // And nothing happened: agents are not paused.
    expect((await switchboard.control('getOverview')).paused).toBe(false);

    // The same requests, replayed outside a browser with that Origin, show why: 403, Origin.
    for (const authorization of [`Bearer ${switchboard.token}`, undefined]) {
      const response = await fetch(target, {
        method: 'POST',
        headers: {
          origin: site.origin,
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ paused: true }),
      });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain(`Origin \\"${site.origin}\\" is not allowed`);
    }
    // Preflights are refused the same way.
    const preflight = await fetch(target, {
      method: 'OPTIONS',
      headers: {
        origin: site.origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  test("the control center's own origin is allowed (the control for the test above)", async ({
    page,
    switchboard,
  }) => {
    await page.goto(switchboard.controlCenterUrl);
    const status = await page.evaluate(
      async ({ token }) =>
        (
          await fetch('/control/getOverview', {
            method: 'POST',
            headers: { authorization: `Bearer ${token}` },
          })
        ).status,
      { token: switchboard.token },
    );
    expect(status).toBe(200);
    // The token left the address bar as soon as the page read it.
    expect(page.url()).not.toContain('token');
  });
});
