import type { Locator } from '@playwright/test';
import { AppShell } from './app-shell.js';

/** The Activity view: the audit table, its filters and the details sheet. */
export class ActivityPage extends AppShell {
  async goto(): Promise<void> {
    await this.go('Activity');
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Audit log' });
  }

  /** Body rows, newest first. */
  get rows(): Locator {
    return this.table.locator('tbody').getByRole('row');
  }

  rowFor(tool: string): Locator {
    return this.rows.filter({ hasText: tool });
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search activity' }).fill(text);
  }

  async filter(
    by: 'Role' | 'Server' | 'Outcome' | 'Decision' | 'Key' | 'Time range',
    value: string,
  ): Promise<void> {
    await this.page
      .getByRole('group', { name: 'Filters' })
      .getByRole('combobox', { name: by })
      .selectOption(value);
  }

  /** The export link or button of a format. */
  exportControl(format: 'JSONL' | 'CSV'): Locator {
    return this.page.getByRole('link', { name: `Export ${format}` });
  }

  /** The line under the table: how many calls are shown, how far back the log was searched. */
  get status(): Locator {
    return this.page.locator('.activity-status');
  }

  async openDetails(row: Locator = this.rows.first()): Promise<Locator> {
    await row.click();
    return this.dialog;
  }
}
