import type { Locator } from '@playwright/test';
import { AppShell } from './app-shell.js';

export type Reason = 'Changed' | 'New' | 'Flagged';

/** The Review view: tools waiting for a person, each with its reason, warnings and diff. */
export class ReviewPage extends AppShell {
  async goto(): Promise<void> {
    await this.go('Review');
  }

  get cards(): Locator {
    return this.page.getByRole('article');
  }

  /** The card of a waiting tool (its heading reads "<server> › <tool>"). */
  card(server: string, tool: string): Locator {
    return this.cards.filter({
      has: this.page.getByRole('heading', { name: `${server} › ${tool}`, exact: true }),
    });
  }

  /** The reason badge (Changed / New / Flagged). */
  reason(card: Locator, reason: Reason): Locator {
    return card.getByText(reason, { exact: true });
  }

  /** The scanner's warnings, one list item each. */
  warnings(card: Locator): Locator {
    return card.getByRole('group', { name: 'Scanner warnings' }).getByRole('listitem');
  }

  diff(card: Locator): Locator {
    return card.getByLabel(/^Diff of /);
  }

  /** The diff's added (`+`) lines, which are tinted. */
  addedLines(card: Locator): Locator {
    return this.diff(card).locator('.diff-add');
  }

  async accept(card: Locator): Promise<void> {
    await card.getByRole('button', { name: 'Accept' }).click();
  }

  async reject(card: Locator): Promise<void> {
    await card.getByRole('button', { name: 'Reject' }).click();
  }

  get emptyState(): Locator {
    return this.page.getByRole('heading', { name: 'No tool waits for review' });
  }
}
