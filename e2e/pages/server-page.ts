import type { Locator } from '@playwright/test';
import { AppShell } from './app-shell.js';

/** A server's page (`#/servers/<id>`): tools, resources, prompts, Try it and the stderr tail. */
export class ServerPagePage extends AppShell {
  /** Opens a server's page from the Servers list, by its display name. */
  async open(name: string): Promise<void> {
    await this.go('Servers');
    await this.page
      .getByRole('list', { name: 'Servers' })
      .getByRole('link', { name, exact: true })
      .click();
    await this.page.getByRole('heading', { level: 1, name }).waitFor();
  }

  get title(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  get tools(): Locator {
    return this.page.getByRole('list', { name: 'Tools' });
  }

  /** A tool's entry, by the name on its server. */
  tool(name: string): Locator {
    return this.tools.getByRole('listitem').filter({
      has: this.page.getByRole('heading', { level: 3, name, exact: true }),
    });
  }

  async chooseRole(role: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Role in view' }).selectOption(role);
  }

  /** Opens a tool's schema disclosure ("Input schema", "Output schema", "Annotations"). */
  async showSchema(tool: string, which = 'Input schema'): Promise<Locator> {
    await this.tool(tool).getByText(which, { exact: true }).click();
    return this.tool(tool).getByLabel(which, { exact: true });
  }

  onSwitch(tool: string, role: string): Locator {
    return this.page.getByRole('switch', { name: `${tool} on for ${role}`, exact: true });
  }

  tryButton(tool: string): Locator {
    return this.page.getByRole('button', { name: `Try it: ${tool}`, exact: true });
  }

  /** Opens "Try it" for a tool; returns the dialog. */
  async openTry(tool: string): Promise<Locator> {
    await this.tryButton(tool).click();
    return this.page.getByRole('dialog', { name: `Try ${tool}` });
  }

  result(dialog: Locator): Locator {
    return dialog.getByLabel('Result', { exact: true });
  }

  stderr(name: string): Locator {
    return this.page.getByRole('log', { name: `stderr of ${name}` });
  }
}
