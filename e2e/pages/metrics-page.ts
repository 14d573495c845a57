import type { Locator } from '@playwright/test';
import { AppShell } from './app-shell.js';

export type Chart =
  'Latency per server' | 'Calls and errors per second' | 'Cache hit rate' | 'Memory';

/** The Metrics view: totals and four live charts, each a figure named by its heading. */
export class MetricsPage extends AppShell {
  async goto(): Promise<void> {
    await this.go('Metrics');
  }

  chart(name: Chart): Locator {
    return this.page.getByRole('group', { name, exact: true });
  }

  /** A total's value, e.g. total('Calls'). */
  total(label: 'Calls' | 'Errors' | 'Cache hits' | 'Memory'): Locator {
    return this.page
      .getByLabel('Totals')
      .locator('.stat')
      .filter({ hasText: label })
      .locator('dd')
      .first();
  }
}
