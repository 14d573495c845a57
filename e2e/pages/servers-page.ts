import type { Locator, Page } from '@playwright/test';
import { AppShell } from './app-shell.js';

/** The Servers view: list, switches, add/edit form and import. */
export class ServersPage extends AppShell {
  constructor(page: Page) {
    super(page);
  }

  async goto(): Promise<void> {
    await this.go('Servers');
  }

  get list(): Locator {
    return this.page.getByRole('list', { name: 'Servers' });
  }

  /** A server's row, by display name. */
  row(name: string): Locator {
    return this.list.getByRole('listitem', { name, exact: true });
  }

  enabledSwitch(name: string): Locator {
    return this.page.getByRole('switch', { name: `Enable ${name}` });
  }

  /** The state pill text of a row (Ready, Starting, Degraded, Down, Disabled). */
  state(name: string): Locator {
    return this.row(name).locator('.pill');
  }

  async restart(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Restart ${name}` }).click();
  }

  async toggleDetails(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Details of ${name}` }).click();
  }

  stderr(name: string): Locator {
    return this.page.getByLabel(`stderr of ${name}`);
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** Fills and submits the add form for a stdio server. */
  async addStdio(server: {
    id: string;
    name?: string;
    command: string;
    args?: string[];
    env?: Record<string, string>;
  }): Promise<void> {
    await this.page.getByRole('button', { name: 'Add server' }).first().click();
    await this.dialog.getByLabel('ID').fill(server.id);
    if (server.name) await this.dialog.getByLabel('Display name').fill(server.name);
    await this.dialog.getByLabel('Command').fill(server.command);
    if (server.args) await this.dialog.getByLabel('Arguments').fill(server.args.join('\n'));
    for (const [i, [key, value]] of Object.entries(server.env ?? {}).entries()) {
      await this.dialog.getByRole('button', { name: 'Add environment variable' }).click();
      await this.dialog.getByLabel(`Environment variables ${i + 1} name`).fill(key);
      await this.dialog.getByLabel(`Environment variables ${i + 1} value`).fill(value);
    }
    await this.dialog.getByRole('button', { name: 'Add server' }).click();
  }

  /** A field's error text in the open form. */
  fieldError(text: string | RegExp): Locator {
    return this.dialog.getByText(text);
  }

  async remove(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Remove ${name}` }).click();
    await this.dialog.getByRole('button', { name: 'Remove' }).click();
  }

  /** Pastes an `mcpServers` document into Import; returns the dialog for its result. */
  async importJson(json: string): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Import' }).click();
    await this.dialog.getByLabel(/Paste an/).fill(json);
    await this.dialog.getByRole('button', { name: 'Import' }).click();
    return this.dialog;
  }

  get importedIds(): Locator {
    return this.dialog.getByRole('list', { name: 'Added servers' }).getByRole('listitem');
  }
}
