import { toNodeHandler, type NodeMcpRequestHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, type McpHttpHandler } from '@modelcontextprotocol/server';
import { createAgentServer } from './agent-server.js';
import type { Principal, Scope } from '../pipeline/call-context.js';
import type { EndpointOptions } from './endpoint.js';
import { DEFAULT_MAX_BODY_BYTES } from './http-body.js';

/**
 * The SDK's handlers of 2026-07-28 requests that the lean lane leaves to it (`createMcpHandler`,
 * a `Server` per request), one per scope and role: a handler's listen streams then hear only what
 * that role may see. Made at first use, told when lists change, closed with the endpoint.
 */
export class ModernHandlers {
  private readonly handlers = new Map<
    string,
    { handler: McpHttpHandler; node: NodeMcpRequestHandler }
  >();

  constructor(private readonly options: EndpointOptions) {}

  /** The handler of a scope and role, made at its first request. */
  get(scope: Scope, scopeKey: string, role: string) {
    const key = `${scopeKey}\0${role}`;
    let entry = this.handlers.get(key);
    if (!entry) {
      const handler = createMcpHandler(
        (ctx) => {
          const auth = ctx.authInfo;
          const principal: Principal = {
            keyName: auth?.clientId ?? '',
            role: String((auth?.extra as { role?: string } | undefined)?.role ?? ''),
          };
          const server = createAgentServer(this.options, { current: principal }, scope);
          this.options.relays?.attachModern(server, principal, scope);
          return server;
        },
        {
          legacy: 'reject',
          maxRequestBodySize: this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
          onerror: (error) => this.options.logger.debug({ err: error.message }, 'modern request'),
        },
      );
      entry = { handler, node: toNodeHandler(handler) };
      this.handlers.set(key, entry);
    }
    return entry;
  }

  /** Tells every listening 2026-07-28 agent that the lists changed. */
  notifyListsChanged(): void {
    for (const { handler } of this.handlers.values()) {
      handler.notify.toolsChanged();
      handler.notify.resourcesChanged();
      handler.notify.promptsChanged();
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.handlers.values()].map((m) => m.handler.close()));
  }
}
