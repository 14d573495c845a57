import type { Tool } from '@modelcontextprotocol/server';
import type { ChangeView } from '../../../shared/model.js';
import type { ServerLists } from './catalog.js';
import { exposedName } from './names.js';
import { acceptChange, rejectChange, type Change, type PinStore } from './pinning.js';
import { scanTool, type ScanContext } from './scan.js';

/**
 * Tool review between a server's lists and the catalog: every tool is checked against
 * its pin (trust on first use); changed, new (where the server says so) and flagged tools are
 * held back — hidden from agents, listed for a person — until accepted.
 */
export class ToolReview {
  private readonly raw = new Map<string, ServerLists>();
  private readonly held = new Map<string, { pending: Change[]; rejected: Change[] }>();

  constructor(private readonly pins: PinStore) {}

  /** A warning from loading the pins (a corrupt file moved aside), if any. */
  get warning(): string | undefined {
    return this.pins.warning;
  }

  /** The lists the catalog may expose: only tools that passed review. */
  filter(serverId: string, lists: ServerLists, newToolsWait: boolean): ServerLists {
    this.raw.set(serverId, lists);
    const context = this.scanContext(serverId, lists);
    const scan = (tool: Tool) => scanTool(tool, context);
    const review = this.pins.review(serverId, lists.tools, { newToolsWait, scan });
    this.held.set(serverId, { pending: review.pending, rejected: review.rejected });
    return { ...lists, tools: review.accepted };
  }

  /**
   * The catalog as the scanner sees it: this server's tools may name each other; naming a tool
   * of another server listed so far is shadowing.
   */
  private scanContext(serverId: string, lists: ServerLists): ScanContext {
    const siblings = new Set(lists.tools.map((t) => t.name));
    const others = new Set<string>();
    for (const [id, other] of this.raw) {
      if (id === serverId) continue;
      for (const tool of other.tools) if (!siblings.has(tool.name)) others.add(tool.name);
    }
    return { siblings, others };
  }

  /** Every tool waiting for a person, server by server. */
  changes(): ChangeView[] {
    return [...this.held.values()].flatMap(({ pending }) =>
      pending.map(({ id, server, tool, reason, flags, diff }) => ({
        id,
        server,
        tool,
        reason,
        flags,
        diff,
      })),
    );
  }

  /** Accepts or rejects a waiting tool; returns its server (to re-list), or undefined. */
  decide(
    id: string,
    decision: 'accept' | 'reject',
  ): { serverId: string; lists: ServerLists } | undefined {
    for (const [serverId, { pending }] of this.held) {
      const change = pending.find((c) => c.id === id);
      if (!change) continue;
      if (decision === 'accept') acceptChange(this.pins, change);
      else rejectChange(this.pins, change);
      const lists = this.raw.get(serverId);
      return lists ? { serverId, lists } : undefined;
    }
    return undefined;
  }

  /** Why a tool is held back, when an agent names it: a namespaced name, or one server's own. */
  heldReason(name: string, serverId?: string): string | undefined {
    for (const [id, { pending, rejected }] of this.held) {
      if (serverId && id !== serverId) continue;
      const match = (c: Change) => (serverId ? c.tool === name : exposedName(id, c.tool) === name);
      if (pending.some(match))
        return `the tool ${name} changed or is new, and waits for review by a person in Switchboard`;
      if (rejected.some(match)) return `this version of the tool ${name} was rejected in review`;
    }
    return undefined;
  }

  /** Forgets a server removed from the config. */
  forget(serverId: string): void {
    this.raw.delete(serverId);
    this.held.delete(serverId);
    this.pins.forget(serverId);
  }
}
