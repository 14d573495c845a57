import type { Locator, Page } from '@playwright/test';

export type Section =
  'Servers' | 'Permissions' | 'Approvals' | 'Review' | 'Activity' | 'Metrics' | 'Connect';

/** What every view shares: the sidebar, its approvals badge, banners and notices. */
export class AppShell {
  constructor(readonly page: Page) {}

  get nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Sections' });
  }

  /** The sidebar button of a section (its name may end with the pending count). */
  navItem(section: Section): Locator {
    return this.nav.getByRole('button', { name: new RegExp(`^${section}`) });
  }

  async go(section: Section): Promise<void> {
    await this.navItem(section).click();
  }

  /** The pending-approvals badge on the sidebar (absent when nothing waits). */
  get approvalsBadge(): Locator {
    return this.navItem('Approvals').getByLabel(/pending/);
  }

  /** The tools-to-review badge on the sidebar (absent when nothing waits). */
  get reviewBadge(): Locator {
    return this.navItem('Review').getByLabel(/to review/);
  }

  get reconnectingBanner(): Locator {
    return this.page.getByRole('status').filter({ hasText: 'Reconnecting…' });
  }

  get pauseToggle(): Locator {
    return this.page.getByRole('button', { name: /(Pause|Resume) agents/ });
  }

  /** The open sheet (a form, a confirmation, details): one at a time. */
  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** A notice (toast) with this text. */
  notice(text: string | RegExp): Locator {
    return this.page.locator('.notices').getByText(text);
  }

  heading(section: Section): Locator {
    return this.page.getByRole('heading', { level: 1, name: section });
  }
}
