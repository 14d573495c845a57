import {
  ProtocolError,
  ProtocolErrorCode,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/server';
import type { Role } from '../../../shared/model.js';
import type { CallContext } from '../pipeline/call-context.js';
import type { Catalog, CatalogTool } from './catalog.js';
import { ASK_NOTE } from '../pipeline/exposure.js';
import type { Decision } from '../pipeline/policy.js';
import type { UsageFeedback } from './search-feedback.js';
import type { ToolIndex, ToolSearchHit } from './search.js';

/** The gateway's own search tool. */
export const FIND_TOOLS = 'switchboard__find_tools';
/** The gateway's own indirection to any permitted tool. */
export const CALL_TOOL = 'switchboard__call_tool';

/** find_tools returns this many tools unless asked otherwise, and never more than the max. */
export const FIND_TOOLS_DEFAULT_LIMIT = 8;
export const FIND_TOOLS_MAX_LIMIT = 25;
/** At most this many pinned tools are listed in focused mode, so the list stays small. */
export const MAX_PINNED = 20;

/** `switchboard__find_tools`: a plain-language task in, the best permitted tools out. */
export const FIND_TOOLS_TOOL: Tool = {
  name: FIND_TOOLS,
  title: 'Find tools',
  description:
    'Search every tool you may use (across all servers behind Switchboard) by describing your ' +
    'task in plain words, e.g. "read the rows of a spreadsheet". Returns the best matches, ' +
    'ranked, each with its name, description, input schema and why it matched. Call a result ' +
    `directly, or through ${CALL_TOOL} if it is not in your tool list.`,
  inputSchema: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'What you want to do, in plain language.' },
      limit: {
        type: 'integer',
        minimum: 1,
        maximum: FIND_TOOLS_MAX_LIMIT,
        description: `How many tools to return (default ${FIND_TOOLS_DEFAULT_LIMIT}, at most ${FIND_TOOLS_MAX_LIMIT}).`,
      },
    },
    required: ['query'],
  },
  annotations: { title: 'Find tools', readOnlyHint: true, openWorldHint: false },
};

/** `switchboard__call_tool`: calls a tool by name, exactly as a direct call would. */
export const CALL_TOOL_TOOL: Tool = {
  name: CALL_TOOL,
  title: 'Call a tool',
  description:
    `Call any tool that ${FIND_TOOLS} returned, by its full name and with arguments matching ` +
    'its input schema. The same permissions and approvals apply as to a direct call.',
  inputSchema: {
    type: 'object',
    properties: {
      name: { type: 'string', description: `The tool's full name, as ${FIND_TOOLS} returned it.` },
      arguments: {
        type: 'object',
        description: "The tool's arguments.",
        additionalProperties: true,
      },
    },
    required: ['name'],
  },
  annotations: { title: 'Call a tool', readOnlyHint: false, openWorldHint: true },
};

/** What the meta tools are built from; `callTool` must be the pipeline agents' calls take. */
export interface MetaToolsDeps {
  catalog: Pick<Catalog, 'version' | 'tools' | 'tool'>;
  index: ToolIndex;
  /** Told what each key was offered, so the tool it then calls can be learned (optional). */
  usage?: UsageFeedback;
  /** A role's decision for a tool (`decideTool(config, role, tool)` on the live config). */
  decide: (role: string, tool: CatalogTool) => Decision;
  /** The full call pipeline (policy, approval, cache, audit): `calls.callTool({}, …)`. */
  callTool: (
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: CallContext,
  ) => Promise<CallToolResult>;
}

/** The gateway's own tools, for the namespaced endpoint. */
export interface MetaTools {
  /** The meta tools to list for a role (find_tools if it may use any tool; call_tool if focused). */
  toolsFor(role: string, roleConfig: Role | undefined): Tool[];
  /** Whether a name is one of the gateway's own tools. */
  isMetaTool(name: string): boolean;
  /** Answers a call to a meta tool; throws InvalidParams for bad arguments or unknown names. */
  call(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: CallContext,
  ): Promise<CallToolResult>;
}

/** One find_tools result as the agent receives it. */
export interface FoundTool {
  name: string;
  description: string;
  inputSchema: Tool['inputSchema'];
  /**
   * Why it ranked: the action fit, the matched words by field, closeness in meaning and past
   * use, e.g. `action: list; name: folder~directory; description: files; meaning: 0.52;
   * chosen 2× for similar tasks`.
   */
  reason: string;
  /** Present (true) when every call waits for a person to approve it. */
  needsApproval?: true;
}

/** Builds the meta tools over a catalog, its index, the policy and the call pipeline. */
export function createMetaTools(deps: MetaToolsDeps): MetaTools {
  const usable = (role: string, tool: CatalogTool) => deps.decide(role, tool).action !== 'deny';
  return {
    toolsFor(role, roleConfig) {
      if (!roleConfig) return [];
      if (!deps.catalog.tools().some((tool) => usable(role, tool))) return [];
      return roleConfig.exposure === 'focused'
        ? [FIND_TOOLS_TOOL, CALL_TOOL_TOOL]
        : [FIND_TOOLS_TOOL];
    },
    isMetaTool: (name) => name === FIND_TOOLS || name === CALL_TOOL,
    async call(name, args, ctx) {
      if (name === FIND_TOOLS) return findTools(deps, args ?? {}, ctx.principal);
      if (name === CALL_TOOL) return callTool(deps, args ?? {}, ctx);
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${name}`);
    },
  };
}

function findTools(
  deps: MetaToolsDeps,
  args: Record<string, unknown>,
  principal: CallContext['principal'],
): CallToolResult {
  const role = principal.role;
  const { query, limit } = args;
  if (typeof query !== 'string' || query.trim() === '') {
    throw invalid(`${FIND_TOOLS} needs "query": a non-empty description of the task.`);
  }
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isFinite(limit))) {
    throw invalid(`${FIND_TOOLS}: "limit" must be a number from 1 to ${FIND_TOOLS_MAX_LIMIT}.`);
  }
  const wanted = Math.min(
    FIND_TOOLS_MAX_LIMIT,
    Math.max(1, Math.floor(limit ?? FIND_TOOLS_DEFAULT_LIMIT)),
  );
  // Decisions are made once per tool and reused for the approval flag below.
  const decisions = new Map<CatalogTool, Decision>();
  const decision = (tool: CatalogTool) => {
    let d = decisions.get(tool);
    if (!d) decisions.set(tool, (d = deps.decide(role, tool)));
    return d;
  };
  const hits = deps.index.search(query, {
    limit: wanted,
    allow: (tool) => decision(tool).action !== 'deny',
  });
  const tools = hits.map((hit): FoundTool => ({
    name: hit.tool.name,
    description: hit.tool.exposed.description ?? '',
    inputSchema: hit.tool.exposed.inputSchema,
    reason: reasonText(hit),
    ...(decision(hit.tool).action === 'ask' && { needsApproval: true as const }),
  }));
  deps.usage?.noteAnswer(
    principal.keyName,
    query,
    tools.map((t) => t.name),
  );
  const structured = { query, tools };
  const text =
    tools.length > 0
      ? JSON.stringify(structured, null, 2)
      : JSON.stringify({ query, tools, hint: 'No tool matched; try other words.' });
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

/** Field order of the explanation: what weighs most first. */
const FIELD_ORDER = ['name', 'title', 'server', 'description', 'params'];

/** One line saying why a tool ranked: action fit, matched words per field, meaning, past use. */
export function reasonText(hit: ToolSearchHit): string {
  const parts: string[] = [];
  if (hit.action) parts.push(`action: ${hit.action}`);
  for (const field of FIELD_ORDER) {
    const words = hit.fields[field];
    if (words?.length) parts.push(`${field}: ${words.join(', ')}`);
  }
  if (hit.semantic !== undefined) parts.push(`meaning: ${hit.semantic.toFixed(2)}`);
  if (hit.used) parts.push(`chosen ${hit.used}× for similar tasks`);
  return parts.length > 0 ? parts.join('; ') : `matched: ${hit.matched.join(', ')}`;
}

async function callTool(
  deps: MetaToolsDeps,
  args: Record<string, unknown>,
  ctx: CallContext,
): Promise<CallToolResult> {
  const { name, arguments: toolArgs } = args;
  if (typeof name !== 'string' || name === '') {
    throw invalid(`${CALL_TOOL} needs "name": the full name of the tool to call.`);
  }
  if (name === FIND_TOOLS || name === CALL_TOOL) {
    throw invalid(`${name} is Switchboard's own tool: call it directly, not through ${CALL_TOOL}.`);
  }
  if (
    toolArgs !== undefined &&
    (typeof toolArgs !== 'object' || toolArgs === null || Array.isArray(toolArgs))
  ) {
    throw invalid(`${CALL_TOOL}: "arguments" must be an object.`);
  }
  // The same function a direct tools/call runs: unknown names, policy, approval, cache and
  // audit behave exactly as they would for the tool itself.
  return deps.callTool(name, toolArgs as Record<string, unknown> | undefined, ctx);
}

/**
 * The pinned tools a focused role lists besides the meta tools: the role's `pinned` names in
 * their configured order, without unknown, denied or repeated names, at most `MAX_PINNED`.
 * Tools that wait for approval say so in their description, as in the full listing.
 */
export function focusedTools(
  role: Role,
  catalogTools: readonly CatalogTool[],
  decide: (role: string, tool: CatalogTool) => Decision,
): Tool[] {
  const byName = new Map(catalogTools.map((t) => [t.name, t]));
  const out: Tool[] = [];
  const seen = new Set<string>();
  for (const name of role.pinned) {
    const tool = byName.get(name);
    if (!tool || seen.has(name) || out.length >= MAX_PINNED) continue;
    seen.add(name);
    const action = decide(role.name, tool).action;
    if (action === 'deny') continue;
    out.push(
      action === 'ask'
        ? { ...tool.exposed, description: `${tool.exposed.description ?? ''}${ASK_NOTE}`.trim() }
        : tool.exposed,
    );
  }
  return out;
}

function invalid(message: string): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InvalidParams, message);
}
