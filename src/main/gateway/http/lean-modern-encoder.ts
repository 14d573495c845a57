import type { ServerResponse } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { Server, createMcpHandler, type ServerContext } from '@modelcontextprotocol/server';
import { SERVER_INFO } from './agent-server.js';
import type { ModernRequest } from './lean-modern.js';

/** How a lane call ended: its result, or what it threw. */
export type Outcome = { value: unknown } | { error: unknown };

/**
 * Encodes, through the SDK's own 2026-07-28 serving, an answer the lean lane computed but
 * cannot prove it would encode byte for byte as the SDK does (a result with images, say, which
 * the SDK's result schema rewrites). The call already ran, so it cannot fall through; instead
 * the SDK serves the same request with a handler that hands back that outcome, and writes the
 * answer exactly as the SDK path would.
 */
export class SdkEncoder {
  private readonly handler = createMcpHandler(
    () => {
      const server = new Server(SERVER_INFO, { capabilities: { tools: {}, resources: {} } });
      server.setRequestHandler('tools/call', (_request, ctx) => settle(ctx) as never);
      server.setRequestHandler('resources/read', (_request, ctx) => settle(ctx) as never);
      return server;
    },
    { legacy: 'reject' },
  );
  private readonly node = toNodeHandler(this.handler);

  write(res: ServerResponse, request: ModernRequest, outcome: Outcome): Promise<void> {
    const req = Object.assign(request.req, {
      auth: { token: '', clientId: '', scopes: [], extra: { outcome } },
    });
    return this.node(req, res, request.body);
  }

  close(): Promise<void> {
    return this.handler.close();
  }
}

function settle(ctx: ServerContext): unknown {
  const outcome = (ctx.http?.authInfo?.extra as { outcome: Outcome }).outcome;
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
