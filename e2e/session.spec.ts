import { AppShell } from './pages/app-shell.js';
import { useForeignSite } from './fixtures/foreign-site.js';
import { expect, test } from './fixtures/web.js';

// The token in the URL buys a browser session (an HttpOnly cookie): reloads, bookmarks and new
// tabs stay signed in; pages of other origins cannot ride on it; a lost session can be mended
// by pasting the token.

test('a reload, a bookmarked view and a new tab stay signed in', async ({ page, switchboard }) => {
  const shell = new AppShell(page);
  await page.goto(switchboard.controlCenterUrl);
  await expect(shell.heading('Servers')).toBeVisible();
  expect(page.url()).not.toContain('token');
  await shell.go('Approvals');
  await expect(shell.heading('Approvals')).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#/approvals');

  await page.reload();
  await expect(shell.heading('Approvals')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sign in to Switchboard' })).toHaveCount(0);

  const [cookie] = await page.context().cookies(`${switchboard.origin}/control/`);
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/control' });
  expect(cookie!.value).not.toContain(switchboard.token);

  const tab = await page.context().newPage();
  await tab.goto(`${switchboard.origin}/#/activity`);
  await expect(new AppShell(tab).heading('Activity')).toBeVisible();
  await expect(tab.getByRole('heading', { name: 'Sign in to Switchboard' })).toHaveCount(0);
  await tab.close();
});

test.describe('the session cookie', () => {
  const site = useForeignSite();

  test('is useless to a page of another origin, even another port of 127.0.0.1', async ({
    page,
    switchboard,
  }) => {
    await page.goto(switchboard.controlCenterUrl);
    await expect(new AppShell(page).heading('Servers')).toBeVisible();
    // Another tab of the same browser (same cookie jar) shows the foreign site.
    const foreign = await page.context().newPage();
    const refused: string[] = [];
    foreign.on('response', (response) => {
      if (response.url().startsWith(switchboard.origin) && response.status() >= 400) {
        refused.push(`${response.status()} ${new URL(response.url()).pathname}`);
      }
    });
    await foreign.goto(site.origin);
    const attempts = await foreign.evaluate(async (origin) => {
      const attempt = (url: string, init: RequestInit) =>
        fetch(url, { credentials: 'include', ...init }).then(
          (r) => `${r.type} ${r.status}`,
          (error: unknown) => String(error),
        );
      const body = JSON.stringify({ paused: true });
      return {
        cors: await attempt(`${origin}/control/listServers`, { method: 'POST' }),
        simplePost: await attempt(`${origin}/control/setPaused`, {
          method: 'POST',
          mode: 'no-cors',
          body,
        }),
        events: await attempt(`${origin}/control/events`, { mode: 'no-cors' }),
        eventsCors: await attempt(`${origin}/control/events`, {}),
      };
    }, switchboard.origin);
    expect(attempts.cors).toMatch(/TypeError/);
    expect(attempts.eventsCors).toMatch(/TypeError/);
    expect(attempts.simplePost).toBe('opaque 0');
    expect(attempts.events).toBe('opaque 0');
    // The gateway refused them all (the POST by Origin, the GET by Fetch Metadata)...
    expect(refused).toContain('403 /control/setPaused');
    expect(refused).toContain('401 /control/events');
    // ...and nothing happened.
    expect((await switchboard.control('getOverview')).paused).toBe(false);

    // Outside a browser: the cookie alone, or with a foreign Origin, or from another site, fails.
    const [cookie] = await page.context().cookies(`${switchboard.origin}/control/`);
    const jar = `${cookie!.name}=${cookie!.value}`;
    const post = (headers: Record<string, string>) =>
      fetch(`${switchboard.origin}/control/getOverview`, { method: 'POST', headers }).then(
        (r) => r.status,
      );
    expect(await post({ cookie: jar })).toBe(401);
    expect(await post({ cookie: jar, origin: site.origin })).toBe(403);
    expect(await post({ cookie: jar, 'sec-fetch-site': 'same-site' })).toBe(401);
    expect(
      await post({ cookie: jar, origin: switchboard.origin, 'sec-fetch-site': 'same-site' }),
    ).toBe(401);
    expect(await post({ cookie: jar, origin: switchboard.origin })).toBe(200);
    expect(await post({ cookie: jar, 'sec-fetch-site': 'same-origin' })).toBe(200);
    // Neither an agent key nor the token itself works as the cookie.
    for (const value of [switchboard.adminKey, switchboard.token]) {
      expect(await post({ cookie: `${cookie!.name}=${value}`, origin: switchboard.origin })).toBe(
        401,
      );
    }
    // A session cannot buy another session: only the token can.
    const again = await fetch(`${switchboard.origin}/control/session`, {
      method: 'POST',
      headers: { cookie: jar, origin: switchboard.origin },
    });
    expect(again.status).toBe(401);
  });
});

test('without a session the page says where the token is, and a pasted token signs in', async ({
  page,
  switchboard,
}) => {
  await page.goto(`${switchboard.origin}/#/approvals`);
  const signIn = page.getByRole('heading', { name: 'Sign in to Switchboard' });
  await expect(signIn).toBeVisible();
  await expect(page.getByText('control-token', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0);

  await page.getByLabel('Control token').fill('sbc_not-the-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'did not accept' })).toBeVisible();

  await page.getByLabel('Control token').fill(`  ${switchboard.token}\n`.trimEnd());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(new AppShell(page).heading('Approvals')).toBeVisible();
  await expect(signIn).toHaveCount(0);
  await page.reload();
  await expect(new AppShell(page).heading('Approvals')).toBeVisible();
});
