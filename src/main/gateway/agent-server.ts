import { Server, type ServerContext } from '@modelcontextprotocol/server';
import type { CallContext, Calls, Principal, Scope } from './calls.js';
import type { Gateway } from './gateway.js';

/** What an agent-facing MCP server needs. */
export interface AgentServerDeps {
  gateway: Gateway;
  calls: Calls;
}

/** The caller of a session; updated on every request, so a key's new role applies at once. */
export interface PrincipalRef {
  current: Principal;
}

const SERVER_INFO = { name: 'switchboard', title: 'Switchboard', version: '0.1.0' };

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
  const { gateway, calls } = deps;
  const catalog = gateway.catalog;
  const context = (ctx: ServerContext): CallContext => callContext(principal.current, ctx);

  server.setRequestHandler('tools/list', () => ({
    tools: scope.serverId
      ? catalog.toolsOf(scope.serverId).map((t) => t.original)
      : catalog.tools().map((t) => t.exposed),
  }));
  server.setRequestHandler('tools/call', (request, ctx) =>
    calls.callTool(scope, request.params.name, request.params.arguments, context(ctx)),
  );
  server.setRequestHandler('resources/list', () => ({
    resources: scope.serverId ? catalog.listsOf(scope.serverId).resources : [...catalog.resources()],
  }));
  server.setRequestHandler('resources/templates/list', () => ({
    resourceTemplates: scope.serverId
      ? catalog.listsOf(scope.serverId).resourceTemplates
      : [...catalog.resourceTemplates()],
  }));
  server.setRequestHandler(
    'resources/read',
    async (request, ctx) =>
      (await calls.readResource(scope, request.params.uri, context(ctx))) as never,
  );
  server.setRequestHandler('prompts/list', () => ({
    prompts: scope.serverId
      ? catalog.listsOf(scope.serverId).prompts
      : catalog.prompts().map((p) => p.exposed),
  }));
  server.setRequestHandler(
    'prompts/get',
    async (request, ctx) =>
      (await calls.getPrompt(
        scope,
        request.params.name,
        request.params.arguments,
        context(ctx),
      )) as never,
  );
  server.setRequestHandler(
    'completion/complete',
    async (request, ctx) =>
      (await calls.complete(scope, request.params as never, context(ctx))) as never,
  );
  return server;
}

/**
 * The transport-independent view of one agent request: its principal, its cancellation
 * signal, and — only when the agent sent a progress token — a way to send it progress.
 */
function callContext(principal: Principal, ctx: ServerContext): CallContext {
  const token = ctx.mcpReq._meta?.progressToken;
  if (token === undefined) return { principal, signal: ctx.mcpReq.signal };
  return {
    principal,
    signal: ctx.mcpReq.signal,
    progress: (p) => {
      void ctx.mcpReq
        .notify({
          method: 'notifications/progress',
          params: { progressToken: token, progress: p.progress, total: p.total, message: p.message },
        })
        .catch(() => undefined);
    },
  };
}
