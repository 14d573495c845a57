import { PermissionsPage } from './pages/permissions-page.js';
import { expect, screenshotBothThemes, test } from './fixtures/web.js';

// Roles are managed in the Permissions view: created (optionally from a copy of another role's
// rules), renamed (keys move along) and deleted, which the gateway refuses while keys use it.

test('create a role from a copy, rename it, and delete it once no key uses it', async ({
  page,
  switchboard,
}, testInfo) => {
  const permissions = new PermissionsPage(page);
  await page.goto(switchboard.controlCenterUrl);
  await permissions.goto();

  await permissions.createRole('auditor', 'researcher');
  await expect(permissions.dialog).toHaveCount(0);
  await expect(permissions.selectedRole).toHaveValue('auditor');
  const copied = (await switchboard.control('listRoles')).find((r) => r.name === 'researcher')!;
  await expect(permissions.rules('auditor')).toHaveCount(copied.rules.length);

  // A name that is taken is refused before it is sent.
  await page.getByRole('button', { name: 'New role' }).click();
  await permissions.dialog.getByRole('textbox', { name: 'Name' }).fill('auditor');
  await permissions.dialog.getByRole('textbox', { name: 'Name' }).blur();
  await expect(permissions.dialog.getByText('A role “auditor” exists already.')).toBeVisible();
  await expect(permissions.dialog.getByRole('button', { name: 'Create role' })).toBeDisabled();
  await page.keyboard.press('Escape');

  // A key of the role moves with the rename.
  await switchboard.keyFor('auditor');
  await permissions.renameRole('auditor', 'inspector');
  await expect(permissions.selectedRole).toHaveValue('inspector');
  const keys = await switchboard.control('listKeys');
  expect(keys.filter((k) => k.role === 'inspector')).toHaveLength(1);

  // Refused while that key uses it: the sheet shows why.
  await permissions.deleteRole('inspector');
  await expect(permissions.dialogError).toContainText('keys use role "inspector"');
  await screenshotBothThemes(page, 'roles-delete-refused', testInfo);
  await page.keyboard.press('Escape');

  await switchboard.control('revokeKey', { name: keys.find((k) => k.role === 'inspector')!.name });
  await permissions.deleteRole('inspector');
  await expect(permissions.dialog).toHaveCount(0);
  await expect(permissions.selectedRole.locator('option', { hasText: 'inspector' })).toHaveCount(0);
  expect((await switchboard.control('listRoles')).map((r) => r.name)).not.toContain('inspector');
});
