import type { Tool } from '@modelcontextprotocol/server';
import type { Config, Role } from '../../../shared/model.js';
import type { Catalog, CatalogTool } from '../catalog/catalog.js';
import { decide, type Decision } from './policy.js';

/** Suffix on the description of a tool that waits for a person. */
export const ASK_NOTE = ' (Switchboard: each call waits for a person to approve it.)';

/** The role named in a config, if it exists. */
export function findRole(config: Config, name: string): Role | undefined {
  return config.roles.find((r) => r.name === name);
}

/**
 * A role's decision for one catalog tool; with a call's `args` conditional rules are judged,
 * without them the most permissive outcome (see `decide`) — what listing shows.
 */
export function decideTool(
  config: Config,
  role: string,
  tool: CatalogTool,
  args?: Record<string, unknown>,
): Decision {
  const server = config.servers.find((s) => s.id === tool.serverId);
  return decide(
    findRole(config, role),
    { name: tool.name, serverId: tool.serverId, annotations: tool.original.annotations },
    server?.defaultAction,
    args,
  );
}

/**
 * What each role sees in tools/list: denied tools are hidden, tools that need approval say so
 * in their description. Built once per role per change of catalog or config, so listing is a
 * map read on the hot path.
 */
export class Exposure {
  private readonly cache = new Map<string, { version: number; config: Config; tools: Tool[] }>();

  constructor(
    private readonly catalog: Catalog,
    private readonly config: () => Config,
  ) {}

  /** The tools a role may see, namespaced or (for `/mcp/<id>`) with one server's own names. */
  toolsFor(role: string, serverId?: string): Tool[] {
    const key = `${role}\0${serverId ?? ''}`;
    const config = this.config();
    const hit = this.cache.get(key);
    if (hit && hit.version === this.catalog.version && hit.config === config) return hit.tools;
    const source = serverId ? this.catalog.toolsOf(serverId) : this.catalog.tools();
    const tools: Tool[] = [];
    for (const tool of source) {
      const decision = decideTool(config, role, tool);
      if (decision.action === 'deny') continue;
      const base = serverId ? tool.original : tool.exposed;
      tools.push(decision.action === 'ask' ? withAskNote(base) : base);
    }
    this.cache.set(key, { version: this.catalog.version, config, tools });
    return tools;
  }

  /** Whether a role may see a server's resources and prompts at all. */
  serverVisible(role: string, serverId: string): boolean {
    const config = this.config();
    const server = config.servers.find((s) => s.id === serverId);
    const decision = decide(
      findRole(config, role),
      { name: `${serverId}__read_resource`, serverId, annotations: { readOnlyHint: true } },
      server?.defaultAction,
    );
    return decision.action !== 'deny';
  }
}

function withAskNote(tool: Tool): Tool {
  return { ...tool, description: `${tool.description ?? ''}${ASK_NOTE}`.trim() };
}
