import type { Locator } from '@playwright/test';
import { AppShell } from './app-shell.js';

/** The Approvals view: pending calls, newest first, with their four answers. */
export class ApprovalsPage extends AppShell {
  async goto(): Promise<void> {
    await this.go('Approvals');
  }

  get cards(): Locator {
    return this.page.getByRole('article');
  }

  /** The card of a call to a tool (its heading shows "<server> › <tool>"). */
  card(tool: string): Locator {
    return this.cards.filter({ has: this.page.getByRole('heading', { name: new RegExp(tool) }) });
  }

  arguments(card: Locator): Locator {
    return card.getByLabel('Arguments', { exact: true });
  }

  async showAll(card: Locator): Promise<void> {
    await card.getByRole('button', { name: 'Show all' }).click();
  }

  async approve(card: Locator = this.cards.first()): Promise<void> {
    await card.getByRole('button', { name: /^Approve/ }).click();
  }

  async deny(card: Locator = this.cards.first()): Promise<void> {
    await card.getByRole('button', { name: /^Deny/ }).click();
  }

  async alwaysAllow(card: Locator = this.cards.first()): Promise<void> {
    await card.getByRole('button', { name: 'Always allow' }).click();
  }

  async alwaysDeny(card: Locator = this.cards.first()): Promise<void> {
    await card.getByRole('button', { name: 'Always deny' }).click();
  }

  /** The keyboard shortcut: `a` approves, `d` denies the focused or first card. */
  async press(key: 'a' | 'd'): Promise<void> {
    await this.page.keyboard.press(key);
  }

  get emptyState(): Locator {
    return this.page.getByRole('heading', { name: 'Nothing waiting' });
  }
}
