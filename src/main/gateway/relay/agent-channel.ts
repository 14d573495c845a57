import { randomUUID } from 'node:crypto';
import type { Server, ServerContext } from '@modelcontextprotocol/server';
import type { AgentChannel } from './server-requests.js';

/**
 * The agent of a 2025-era session as a relay target: a server's request goes out as a request
 * related to the agent's own call (on that call's response stream), and the agent's answer comes
 * back as its result. A late notification (a URL elicitation completing after the call) goes to
 * the session's stream, as the call's own stream may be closed by then.
 */
export function legacyChannel(server: Server, ctx: ServerContext, keyName: string): AgentChannel {
  return {
    callId: randomUUID(),
    relayed: false,
    owner: `${keyName}:${ctx.sessionId ?? randomUUID()}`,
    capabilities: () => server.getClientCapabilities() as Record<string, unknown> | undefined,
    request: async (method, params, signal, timeout) =>
      (await ctx.mcpReq.send({ method, params } as never, { signal, timeout })) as Record<
        string,
        unknown
      >,
    notify: (method, params) => {
      server.notification({ method, params } as never).catch(() => undefined);
    },
  };
}
