import type { Locator } from '@playwright/test';
import { AppShell } from './app-shell.js';

export type Action = 'allow' | 'ask' | 'deny';

/** The Permissions view: the tools × roles grid, bulk pickers, undo and the rules editor. */
export class PermissionsPage extends AppShell {
  async goto(): Promise<void> {
    await this.go('Permissions');
    await this.page.getByRole('tab', { name: 'Grid' }).click();
  }

  get grid(): Locator {
    return this.page.getByRole('grid', { name: 'Permissions' });
  }

  /** The cell of a namespaced tool for a role; its name reads "<tool> for <role>: <action> …". */
  cell(tool: string, role: string): Locator {
    return this.grid.getByRole('button', {
      name: new RegExp(`^${escape(tool)} for ${escape(role)}: `),
    });
  }

  /** The action a cell shows, and whether it comes from a rule or the default. */
  async decision(tool: string, role: string): Promise<{ action: Action; fromDefault: boolean }> {
    const label = (await this.cell(tool, role).getAttribute('aria-label')) ?? '';
    const match = /: (allow|ask|deny)( \(default\))?\./.exec(label);
    if (!match) throw new Error(`unexpected cell label "${label}"`);
    return { action: match[1] as Action, fromDefault: Boolean(match[2]) };
  }

  async cycle(tool: string, role: string): Promise<void> {
    await this.cell(tool, role).click();
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search tools' }).fill(text);
  }

  /** Picks a bulk action for a server's tools; the change waits in a sheet for confirmation. */
  async setServer(serverId: string, role: string, action: Action): Promise<void> {
    await this.page
      .getByRole('combobox', { name: `Set every ${serverId} tool for role ${role}` })
      .selectOption(action);
  }

  /** Picks a bulk action for a whole role column; the change waits for confirmation. */
  async setRole(role: string, action: Action): Promise<void> {
    await this.page
      .getByRole('combobox', { name: `Set every tool for role ${role}` })
      .selectOption(action);
  }

  /** The open bulk-change sheet's confirm button, named with the count, e.g. "Deny 4 tools". */
  confirmBulk(label: RegExp | string): Locator {
    return this.dialog.getByRole('button', { name: label });
  }

  /** Picks a filter: the server, or which decisions a row must show. */
  async filter(by: 'Server' | 'Decision', label: string): Promise<void> {
    await this.page.getByRole('combobox', { name: by }).selectOption({ label });
  }

  /** Shows or hides a role column. */
  async showRole(role: string, visible: boolean): Promise<void> {
    const picker = this.page.locator('.role-picker');
    if (!(await picker.evaluate((d) => (d as unknown as { open: boolean }).open))) {
      await picker.getByText(/^Roles \d+\/\d+$/).click();
    }
    await picker.getByRole('checkbox', { name: role }).setChecked(visible);
  }

  /** The tool rows the grid shows, by namespaced name (from each row's first cell button). */
  async shownTools(): Promise<string[]> {
    const labels = await this.grid
      .locator('tbody tr:not(.group-row) td:nth-child(2) button')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    return labels.map((l) => l.replace(/ for .*$/, ''));
  }

  async toggleGroup(serverId: string): Promise<void> {
    await this.grid
      .getByRole('button', { name: new RegExp(`^${escape(serverId)} \\d+ tools?$`) })
      .click();
  }

  get undoButton(): Locator {
    return this.page.getByRole('button', { name: 'Undo' });
  }

  /** Opens the rules editor for a role. */
  async openRules(role: string): Promise<void> {
    await this.page.getByRole('tab', { name: 'Rules' }).click();
    await this.page.getByRole('combobox', { name: 'Role' }).selectOption(role);
  }

  rules(role: string): Locator {
    return this.page.getByRole('list', { name: `Rules of ${role}` }).getByRole('listitem');
  }

  /** The live count of tools a rule's pattern matches ("3 tools"). */
  matchCount(index: number): Locator {
    return this.page.locator(`#rule-${index}-matches`);
  }

  async addRule(pattern: string, action: Action): Promise<void> {
    await this.page.getByRole('button', { name: 'Add rule' }).click();
    const n = await this.page.getByRole('textbox', { name: /^Pattern of rule/ }).count();
    await this.page.getByRole('textbox', { name: `Pattern of rule ${n}` }).fill(pattern);
    await this.page.getByRole('combobox', { name: `Action of rule ${n}` }).selectOption(action);
  }

  async moveRule(index: number, direction: 'up' | 'down'): Promise<void> {
    await this.page.getByRole('button', { name: `Move rule ${index} ${direction}` }).click();
  }

  async deleteRule(index: number): Promise<void> {
    await this.page.getByRole('button', { name: `Delete rule ${index}` }).click();
  }

  async saveRules(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save rules' }).click();
  }

  /** The role the rules editor shows. */
  get selectedRole(): Locator {
    return this.page.getByRole('combobox', { name: 'Role' });
  }

  /** Creates a role in the Rules tab, optionally with a copy of another role's rules. */
  async createRole(name: string, copyFrom?: string): Promise<void> {
    await this.page.getByRole('tab', { name: 'Rules' }).click();
    await this.page.getByRole('button', { name: 'New role' }).click();
    await this.dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    if (copyFrom) {
      await this.dialog
        .getByRole('combobox', { name: 'Copy rules from' })
        .selectOption({ value: copyFrom });
    }
    await this.dialog.getByRole('button', { name: 'Create role' }).click();
  }

  async renameRole(from: string, to: string): Promise<void> {
    await this.openRules(from);
    await this.page.getByRole('button', { name: `Rename role ${from}` }).click();
    await this.dialog.getByRole('textbox', { name: 'New name' }).fill(to);
    await this.dialog.getByRole('button', { name: 'Rename' }).click();
  }

  /** Asks to delete a role and confirms; the sheet stays open with the reason if refused. */
  async deleteRole(name: string): Promise<void> {
    await this.openRules(name);
    await this.page.getByRole('button', { name: `Delete role ${name}` }).click();
    await this.dialog.getByRole('button', { name: 'Delete role' }).click();
  }

  /** Why the open sheet's action failed, in the gateway's words. */
  get dialogError(): Locator {
    return this.dialog.getByRole('alert');
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
