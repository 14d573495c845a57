import type { Locator } from '@playwright/test';
import { AppShell } from './app-shell.js';

export type Client =
  'Claude Code' | 'Claude Desktop' | 'Cursor' | 'VS Code' | 'Windsurf' | 'Python MCP client (DSPy)';

/** The Connect view: endpoint, agent keys and ready-to-paste snippets. */
export class ConnectPage extends AppShell {
  async goto(): Promise<void> {
    await this.go('Connect');
  }

  get endpoint(): Locator {
    return this.page.getByLabel('Endpoint URL');
  }

  get keys(): Locator {
    return this.page.getByRole('list', { name: 'Keys' }).getByRole('listitem');
  }

  /** Creates a key and returns its secret, which the page shows once. */
  async createKey(name: string, role: string): Promise<string> {
    const form = this.page.getByRole('form', { name: 'Create key' });
    await form.getByRole('textbox', { name: 'Key name' }).fill(name);
    await form.getByRole('combobox', { name: 'Role' }).selectOption(role);
    await form.getByRole('button', { name: 'Create key' }).click();
    return (await this.page.getByLabel('Key secret').textContent()) ?? '';
  }

  async revoke(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Revoke ${name}` }).click();
    await this.dialog.getByRole('button', { name: 'Revoke' }).click();
  }

  /** The snippet text for a client. */
  async snippet(client: Client): Promise<string> {
    await this.page
      .getByRole('tablist', { name: 'Clients' })
      .getByRole('tab', { name: client })
      .click();
    return (await this.page.getByLabel(`${client} snippet`, { exact: true }).textContent()) ?? '';
  }
}
