import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Clicks "Sign in" in a sign-in strip and signs in as the test auth server's one user on the
 * provider's page, which opens as a popup and is closed once it says so.
 */
export async function signInAtProvider(page: Page, strip: Locator): Promise<void> {
  const popup = page.waitForEvent('popup');
  await strip.getByRole('button', { name: 'Sign in' }).click();
  const provider = await popup;
  await provider.getByLabel('User name').fill('alice');
  await provider.getByLabel('Password').fill('wonderland');
  await provider.getByRole('button', { name: 'Allow' }).click();
  await expect(provider.getByRole('heading', { name: 'Signed in' })).toBeVisible();
  await provider.close();
}
