import type { Role } from '../../../shared/model.js';
import { globToRegExp } from './policy.js';

const WINDOW_MS = 60_000;
/** Counters kept at most; the oldest are dropped first (a dropped counter starts afresh). */
const MAX_KEYS = 10_000;

/**
 * Per-role call budgets over a sliding minute: `take` counts a call against every budget of
 * the role whose glob matches the tool, or names the budget that is spent (and counts
 * nothing). Counts live in memory: a restart starts every budget afresh.
 */
export class Budgets {
  private readonly calls = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Undefined when the call fits every budget (and is counted), else why it does not. */
  take(role: Role | undefined, tool: { name: string; serverId: string }): string | undefined {
    const budgets = role?.budgets ?? [];
    if (budgets.length === 0) return undefined;
    const now = this.now();
    const keys: { key: string; times: number[] }[] = [];
    for (let i = 0; i < budgets.length; i++) {
      const b = budgets[i]!;
      if (!globToRegExp(b.pattern).test(tool.name)) continue;
      const per = b.per ?? 'tool';
      const key = `${role!.name}\0${i}\0${b.pattern}\0${per === 'server' ? tool.serverId : tool.name}`;
      const times = (this.calls.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
      this.calls.set(key, times);
      if (times.length >= b.perMinute) {
        const wait = Math.ceil((times[0]! + WINDOW_MS - now) / 1000);
        const scope = per === 'server' ? `server "${tool.serverId}"` : `tool "${tool.name}"`;
        return (
          `budget ${i + 1} of role "${role!.name}" (${JSON.stringify(b.pattern)}: ` +
          `${b.perMinute} calls per minute per ${per}) is spent for ${scope}; try again in ${wait} s`
        );
      }
      keys.push({ key, times });
    }
    for (const { times } of keys) times.push(now);
    this.trim();
    return undefined;
  }

  private trim(): void {
    while (this.calls.size > MAX_KEYS) {
      const oldest = this.calls.keys().next().value as string;
      this.calls.delete(oldest);
    }
  }
}
