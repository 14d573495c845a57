import type { Locator } from '@playwright/test';
import { AppShell } from './app-shell.js';

/** The Servers view: list, switches, add/edit form and import. */
export class ServersPage extends AppShell {
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

  /** A server's row, by id (names may repeat: a preset's copy keeps the preset's title). */
  rowById(id: string): Locator {
    return this.list.getByRole('listitem').filter({
      // The id shows beside the name, or as the name when the two are the same.
      has: this.page.locator('.server-name > *', { hasText: new RegExp(`^${id}$`) }),
    });
  }

  /** The state pill text of a row found by id. */
  stateById(id: string): Locator {
    return this.rowById(id).locator('.pill');
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
    await this.page.getByRole('button', { name: 'Paste JSON' }).click();
    await this.dialog.getByLabel(/Paste an/).fill(json);
    await this.dialog.getByRole('button', { name: 'Import', exact: true }).click();
    return this.dialog;
  }

  get importedIds(): Locator {
    return this.dialog.getByRole('list', { name: 'Added servers' }).getByRole('listitem');
  }

  /** Opens the "Add from preset" list. */
  async openPresets(): Promise<void> {
    await this.page.getByRole('button', { name: 'Add from preset' }).first().click();
  }

  /** Opens "Add from preset" and picks a preset by title; returns its settings form. */
  async choosePreset(title: string): Promise<Locator> {
    await this.openPresets();
    return this.pickPreset(title);
  }

  /** Picks a preset in the open "Add from preset" list. */
  async pickPreset(title: string): Promise<Locator> {
    await this.dialog
      .getByRole('list', { name: 'Presets' })
      .getByRole('button', { name: title, exact: true })
      .click();
    return this.dialog.getByRole('form', { name: `Settings of ${title}` });
  }

  /** The open preset form: fills the server id and settings (by label) and presses Add. */
  async addPreset(settings: { id?: string; values?: Record<string, string> }): Promise<void> {
    if (settings.id !== undefined) await this.dialog.getByLabel('Server id').fill(settings.id);
    for (const [label, value] of Object.entries(settings.values ?? {})) {
      await this.setting(label).fill(value);
    }
    await this.dialog.getByRole('button', { name: 'Add', exact: true }).click();
  }

  /** A setting's input in the open preset form, by label (a required one's ends with "*"). */
  setting(label: string): Locator {
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.dialog.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
  }

  /** Opens "Import from other apps" and waits until detection has finished. */
  async openAppImport(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Import from other apps' }).click();
    // The loading message shows from the dialog's first paint until detection is done.
    await this.dialog.getByRole('heading', { name: 'Import from other apps' }).waitFor();
    await this.dialog.getByText(/Loading other apps/).waitFor({ state: 'detached' });
    return this.dialog;
  }

  /** Previews one app's config file in the open import dialog; returns its section. */
  async previewAppFile(app: string, file: string): Promise<Locator> {
    await this.dialog.getByRole('combobox', { name: 'App' }).selectOption({ label: app });
    await this.dialog.getByRole('textbox', { name: 'Config file path' }).fill(file);
    await this.dialog.getByRole('button', { name: 'Preview' }).click();
    return this.importSource(app, file);
  }

  /** The section of one previewed file. */
  importSource(app: string, file: string): Locator {
    return this.dialog.getByRole('region', { name: `${app}: ${file}`, exact: true });
  }

  /** Unticks every server of the other files found (a real machine may have some). */
  async keepOnly(source: Locator): Promise<void> {
    const keep = await source.getAttribute('aria-label');
    for (const region of await this.dialog.getByRole('region').all()) {
      if ((await region.getAttribute('aria-label')) === keep) continue;
      for (const box of await region.getByRole('checkbox').all()) await box.uncheck();
    }
  }
}
