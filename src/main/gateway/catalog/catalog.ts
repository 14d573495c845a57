import {
  UriTemplate,
  type Prompt,
  type Resource,
  type ResourceTemplateType as ResourceTemplate,
  type Tool,
} from '@modelcontextprotocol/server';
import { exposedName, nameProblem } from './names.js';

/** What one server offers, as it listed it. */
export interface ServerLists {
  tools: Tool[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  prompts: Prompt[];
}

/** A tool as the catalog keeps it: the server's original and the renamed copy agents see. */
export interface CatalogTool {
  readonly serverId: string;
  /** The name agents use: `<server>__<tool>`. */
  readonly name: string;
  /** The tool exactly as the server listed it. */
  readonly original: Tool;
  /** The tool as agents see it (renamed). */
  readonly exposed: Tool;
}

/** A prompt as the catalog keeps it. */
export interface CatalogPrompt {
  readonly serverId: string;
  readonly name: string;
  readonly original: Prompt;
  readonly exposed: Prompt;
}

interface ServerEntry {
  lists: ServerLists;
  tools: CatalogTool[];
  /** The same tools by the server's own name (for `/mcp/<server>`). */
  toolsByOriginal: Map<string, CatalogTool>;
  prompts: CatalogPrompt[];
  resources: Resource[];
  templates: { template: ResourceTemplate; matches: (uri: string) => boolean }[];
  problems: string[];
}

const EMPTY_LISTS: ServerLists = { tools: [], resources: [], resourceTemplates: [], prompts: [] };

/**
 * The aggregated view of every server's tools, resources, templates and prompts.
 *
 * Lookups on the call path are map reads; the flat lists agents receive are built once per
 * change, not per request. Servers keep their configured order in every list.
 */
export class Catalog {
  private readonly servers = new Map<string, ServerEntry>();
  private readonly toolIndex = new Map<string, CatalogTool>();
  private readonly promptIndex = new Map<string, CatalogPrompt>();
  private readonly resourceIndex = new Map<string, string>();
  private order: string[] = [];
  private flat: {
    tools: CatalogTool[];
    prompts: CatalogPrompt[];
    resources: Resource[];
    templates: { serverId: string; template: ResourceTemplate }[];
  } = { tools: [], prompts: [], resources: [], templates: [] };
  private versionCounter = 0;

  /** Increases on every change; caches keyed on it stay valid until the next change. */
  get version(): number {
    return this.versionCounter;
  }

  /** Sets the order servers appear in (the config's order). */
  setOrder(serverIds: string[]): void {
    this.order = [...serverIds];
    this.rebuild();
  }

  /** Replaces one server's offer; returns the names it refused and why. */
  setServer(serverId: string, lists: ServerLists): string[] {
    const entry = buildEntry(serverId, lists);
    this.servers.set(serverId, entry);
    this.rebuild();
    return entry.problems;
  }

  /** Drops a server's offer (disabled, removed, or not yet known). */
  removeServer(serverId: string): void {
    if (this.servers.delete(serverId)) this.rebuild();
  }

  /** What a server last listed, untouched (for lazy start and status). */
  listsOf(serverId: string): ServerLists {
    return this.servers.get(serverId)?.lists ?? EMPTY_LISTS;
  }

  /** Names a server offered that the catalog refused, with reasons. */
  problemsOf(serverId: string): string[] {
    return this.servers.get(serverId)?.problems ?? [];
  }

  tool(name: string): CatalogTool | undefined {
    return this.toolIndex.get(name);
  }

  prompt(name: string): CatalogPrompt | undefined {
    return this.promptIndex.get(name);
  }

  tools(): readonly CatalogTool[] {
    return this.flat.tools;
  }

  prompts(): readonly CatalogPrompt[] {
    return this.flat.prompts;
  }

  resources(): readonly Resource[] {
    return this.flat.resources;
  }

  /** Every server's resource templates with the server that owns each. */
  resourceTemplatesWithOwner(): readonly { serverId: string; template: ResourceTemplate }[] {
    return this.flat.templates;
  }

  /** One server's tool by the server's own name (a map read). */
  toolOf(serverId: string, originalName: string): CatalogTool | undefined {
    return this.servers.get(serverId)?.toolsByOriginal.get(originalName);
  }

  /** One server's tools (for `/mcp/<server>` and the UI). */
  toolsOf(serverId: string): readonly CatalogTool[] {
    return this.servers.get(serverId)?.tools ?? [];
  }

  /**
   * The server that owns a resource URI: an exact listed URI first, then the first server (in
   * config order) with a template that matches it.
   */
  resourceOwner(uri: string): string | undefined {
    const listed = this.resourceIndex.get(uri);
    if (listed) return listed;
    for (const serverId of this.orderedIds()) {
      const entry = this.servers.get(serverId);
      if (entry?.templates.some((t) => t.matches(uri))) return serverId;
    }
    return undefined;
  }

  private orderedIds(): string[] {
    const known = this.order.filter((id) => this.servers.has(id));
    const rest = [...this.servers.keys()].filter((id) => !this.order.includes(id));
    return [...known, ...rest];
  }

  private rebuild(): void {
    this.toolIndex.clear();
    this.promptIndex.clear();
    this.resourceIndex.clear();
    const flat: Catalog['flat'] = { tools: [], prompts: [], resources: [], templates: [] };
    for (const serverId of this.orderedIds()) {
      const entry = this.servers.get(serverId)!;
      for (const tool of entry.tools) this.toolIndex.set(tool.name, tool);
      for (const prompt of entry.prompts) this.promptIndex.set(prompt.name, prompt);
      for (const resource of entry.resources) {
        // The first server (in config order) to list a URI owns it.
        if (this.resourceIndex.has(resource.uri)) continue;
        this.resourceIndex.set(resource.uri, serverId);
        flat.resources.push(resource);
      }
      flat.tools.push(...entry.tools);
      flat.prompts.push(...entry.prompts);
      flat.templates.push(...entry.templates.map((t) => ({ serverId, template: t.template })));
    }
    this.flat = flat;
    this.versionCounter++;
  }
}

/** Builds one server's entry, refusing names that cannot be exposed safely. */
function buildEntry(serverId: string, lists: ServerLists): ServerEntry {
  const problems: string[] = [];
  const tools = exposeAll(serverId, lists.tools, problems, 'tool').map(
    ({ item, name }): CatalogTool => ({
      serverId,
      name,
      original: item,
      exposed: { ...item, name },
    }),
  );
  const prompts = exposeAll(serverId, lists.prompts, problems, 'prompt').map(
    ({ item, name }): CatalogPrompt => ({
      serverId,
      name,
      original: item,
      exposed: { ...item, name },
    }),
  );
  const resources = lists.resources.map((r) => ({ ...r, name: exposedName(serverId, r.name) }));
  const templates = lists.resourceTemplates.map((template) => ({
    template: { ...template, name: exposedName(serverId, template.name) },
    matches: lazyMatcher(template.uriTemplate),
  }));
  const toolsByOriginal = new Map(tools.map((t) => [t.original.name, t]));
  return { lists, tools, toolsByOriginal, prompts, resources, templates, problems };
}

/**
 * Exposed names for a server's tools or prompts. Unsafe names are refused; two names
 * that differ only by case are both refused, so a case-insensitive rule can never be dodged by
 * a variant; and a shortened name that would collide is refused rather than overwritten.
 */
function exposeAll<T extends { name: string }>(
  serverId: string,
  items: T[],
  problems: string[],
  kind: string,
): { item: T; name: string }[] {
  const byLower = new Map<string, number>();
  for (const item of items) {
    const lower = item.name.toLowerCase();
    byLower.set(lower, (byLower.get(lower) ?? 0) + 1);
  }
  const taken = new Set<string>();
  const out: { item: T; name: string }[] = [];
  for (const item of items) {
    const problem = nameProblem(item.name);
    if (problem) {
      problems.push(`${kind} refused: ${problem}`);
      continue;
    }
    if ((byLower.get(item.name.toLowerCase()) ?? 0) > 1) {
      problems.push(
        `${kind} refused: ${JSON.stringify(item.name)} differs from another only by case`,
      );
      continue;
    }
    const name = exposedName(serverId, item.name);
    if (taken.has(name.toLowerCase())) {
      problems.push(
        `${kind} refused: ${JSON.stringify(item.name)} shortens to a name already used`,
      );
      continue;
    }
    taken.add(name.toLowerCase());
    out.push({ item, name });
  }
  return out;
}

/**
 * Whether a URI fits a template, the template parsed at its first use: parsing every server's
 * templates took a tenth of an everyday start, and most are never matched against.
 */
function lazyMatcher(uriTemplate: string): (uri: string) => boolean {
  let matcher: UriTemplate | undefined | null = null;
  return (uri) => {
    if (matcher === null) matcher = safeTemplate(uriTemplate);
    return matcher?.match(uri) != null;
  };
}

function safeTemplate(uriTemplate: string): UriTemplate | undefined {
  try {
    return new UriTemplate(uriTemplate);
  } catch {
    return undefined;
  }
}
