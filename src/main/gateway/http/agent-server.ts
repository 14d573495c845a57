import { Server, type ServerContext, type Tool } from '@modelcontextprotocol/server';
import type { Calls } from '../pipeline/calls.js';
import type { CallContext, Principal, Scope } from '../pipeline/call-context.js';
import { untilDisconnect } from './disconnect.js';
import { callTool } from './lane-request.js';
import { decideTool, findRole, type Exposure } from '../pipeline/exposure.js';
import { focusedTools, type MetaTools } from '../catalog/meta-tools.js';
import type { Gateway } from '../gateway.js';
import type { SessionRelays } from '../relay/session-relays.js';
import { legacyChannel } from '../relay/agent-channel.js';
import { isModernRequest, runModern } from '../relay/modern-rounds.js';
import type { AgentChannel } from '../relay/server-requests.js';

/** What an agent-facing MCP server needs. */
export interface AgentServerDeps {
  gateway: Gateway;
  calls: Calls;
  exposure: Exposure;
  /** The gateway's own tools: `switchboard__find_tools` and `switchboard__call_tool`. */
  meta: MetaTools;
  /** Relays log lines to 2026-07-28 requests that carry a log level. */
  relays?: SessionRelays;
}

/** The caller of a session; updated on every request, so a key's new role applies at once. */
export interface PrincipalRef {
  current: Principal;
}

export const SERVER_INFO = { name: 'switchboard', title: 'Switchboard', version: '0.1.0' };

const INSTRUCTIONS =
  'Switchboard fronts several MCP servers. Tool and prompt names are "<server>__<name>".';

/**
 * Builds the low-level SDK `Server` that answers one agent (one legacy session, or one modern
 * request). The low-level class is used, not `McpServer`, so the gateway decides exactly which
 * failures are JSON-RPC errors and which are tool results with `isError` (style.md).
 */
export function createAgentServer(
  deps: AgentServerDeps,
  principal: PrincipalRef,
  scope: Scope,
): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: {
      tools: { listChanged: true },
      resources: { listChanged: true },
      prompts: { listChanged: true },
      completions: {},
    },
    instructions: scope.serverId ? undefined : INSTRUCTIONS,
  });
  const { gateway, calls, exposure } = deps;
  const catalog = gateway.catalog;
  const visible = (serverId: string) => exposure.serverVisible(principal.current.role, serverId);
  /** Runs a request with its call context, answering only after its progress went out. */
  const run = async <T>(ctx: ServerContext, fn: (c: CallContext) => Promise<T>): Promise<T> => {
    const stopLogs = deps.relays?.requestLogs(ctx, principal.current, scope);
    try {
      if (isModernRequest(server)) {
        const waitMs = gateway.config.settings.approvalTimeoutMs;
        return await runModern(server, ctx, principal.current, waitMs, fn);
      }
      const agent = legacyChannel(server, ctx, principal.current.keyName);
      const context = callContext(principal.current, ctx, agent);
      const result = await fn(context);
      await context.flushed();
      return result;
    } finally {
      stopLogs?.();
    }
  };

  server.setRequestHandler('tools/list', () => ({
    tools: listTools(deps, principal.current.role, scope),
  }));
  server.setRequestHandler('tools/call', (request, ctx) => {
    const { name, arguments: args } = request.params;
    return run(ctx, (c) => callTool(deps, scope, name, args, c));
  });
  server.setRequestHandler('resources/list', () => ({
    resources: scope.serverId
      ? visible(scope.serverId)
        ? catalog.listsOf(scope.serverId).resources
        : []
      : catalog.resources().filter((r) => visible(catalog.resourceOwner(r.uri) ?? '')),
  }));
  server.setRequestHandler('resources/templates/list', () => ({
    resourceTemplates: scope.serverId
      ? visible(scope.serverId)
        ? catalog.listsOf(scope.serverId).resourceTemplates
        : []
      : catalog
          .resourceTemplatesWithOwner()
          .filter((t) => visible(t.serverId))
          .map((t) => t.template),
  }));
  server.setRequestHandler(
    'resources/read',
    async (request, ctx) =>
      (await run(ctx, (c) => calls.readResource(scope, request.params.uri, c))) as never,
  );
  server.setRequestHandler('prompts/list', () => ({
    prompts: scope.serverId
      ? visible(scope.serverId)
        ? catalog.listsOf(scope.serverId).prompts
        : []
      : catalog
          .prompts()
          .filter((p) => visible(p.serverId))
          .map((p) => p.exposed),
  }));
  server.setRequestHandler(
    'prompts/get',
    async (request, ctx) =>
      (await run(ctx, (c) =>
        calls.getPrompt(scope, request.params.name, request.params.arguments, c),
      )) as never,
  );
  server.setRequestHandler(
    'completion/complete',
    async (request, ctx) =>
      (await run(ctx, (c) => calls.complete(scope, request.params as never, c))) as never,
  );
  return server;
}

/**
 * What tools/list shows a role: one server's own tools at `/mcp/<id>`; else, in `all` mode,
 * every permitted tool plus `find_tools`; in `focused` mode, `find_tools`, `call_tool` and
 * the role's pinned tools only.
 */
export function listTools(deps: AgentServerDeps, role: string, scope: Scope): Tool[] {
  if (scope.serverId) return deps.exposure.toolsFor(role, scope.serverId);
  const config = deps.gateway.config;
  const roleConfig = findRole(config, role);
  const metaTools = deps.meta.toolsFor(role, roleConfig);
  if (roleConfig?.exposure === 'focused') {
    const pinned = focusedTools(roleConfig, deps.gateway.catalog.tools(), (r, t) =>
      decideTool(config, r, t),
    );
    return [...metaTools, ...pinned];
  }
  return [...deps.exposure.toolsFor(role), ...metaTools];
}

/**
 * The transport-independent view of one agent request: its principal, its cancellation
 * signal, and — only when the agent sent a progress token — a way to send it progress.
 */
function callContext(
  principal: Principal,
  ctx: ServerContext,
  agent: AgentChannel,
): CallContext & { flushed(): Promise<void> } {
  const token = ctx.mcpReq._meta?.progressToken;
  // The agent's HTTP connection dropping cancels the call too (disconnect.ts).
  const signal = untilDisconnect(ctx.mcpReq.signal, ctx.http?.req);
  if (token === undefined) return { principal, signal, agent, flushed: async () => {} };
  // Progress is sent in order, and the answer waits for the last one: a notification that
  // left after its result would be dropped by the agent.
  let chain: Promise<void> = Promise.resolve();
  return {
    principal,
    signal,
    agent,
    progress: (p) => {
      const params = {
        progressToken: token,
        progress: p.progress,
        total: p.total,
        message: p.message,
      };
      chain = chain
        .then(() => ctx.mcpReq.notify({ method: 'notifications/progress', params }))
        .catch(() => undefined);
    },
    flushed: () => chain,
  };
}
