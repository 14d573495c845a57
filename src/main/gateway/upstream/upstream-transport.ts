import {
  SSEClientTransport,
  StreamableHTTPClientTransport,
  type OAuthClientProvider,
  type Transport,
} from '@modelcontextprotocol/client';
import type { ServerConfig } from '../../../shared/model.js';
import { childEnv } from './child-env.js';
import type { UpstreamAuth } from './forward-options.js';
import { createUpstreamFetch } from './http-fetch.js';
import { KeepAlivePost } from './http-post.js';
import { ProcessTransport, wireLimit, type ProcessTransportLimits } from './process-transport.js';
import { spawnLauncher, type StdioLauncher } from './stdio-launch.js';

/** One session's wire: the SDK transport, and a Streamable HTTP server's keep-alive POST. */
export interface UpstreamTransport {
  transport: Transport;
  post: KeepAlivePost | undefined;
}

/** How a connection's wire is made, and what it reports as bytes arrive. */
export interface UpstreamTransportOptions {
  /** Starts stdio servers another way than `spawn`, when it takes them. */
  launcher?: StdioLauncher | undefined;
  limits: ProcessTransportLimits;
  auth?: UpstreamAuth | undefined;
  /** A stdio child wrote to stderr. */
  onStderr(chunk: Buffer): void;
  /** A remote server sent bytes (liveness, health.ts). */
  onBytes(): void;
}

/**
 * Opens the wire to a server: a stdio child (the launcher's, or a plain spawn without a shell)
 * spoken to through `ProcessTransport`, or legacy SSE, or Streamable HTTP with a keep-alive POST
 * for hot requests. Remote answers are measured against the wire limit as they arrive.
 */
export function createUpstreamTransport(
  config: ServerConfig,
  options: UpstreamTransportOptions,
): UpstreamTransport {
  const transport = config.transport;
  if (transport.type === 'stdio') {
    const env = childEnv(transport.env);
    const args = [transport.command, transport.args, env, transport.cwd] as const;
    const child = options.launcher?.(...args) ?? spawnLauncher(...args)!;
    child.stderr?.on('data', options.onStderr);
    return { transport: new ProcessTransport(child, options.limits), post: undefined };
  }
  const requestInit = { headers: transport.headers };
  const url = new URL(transport.url);
  const { maxResultBytes } = options.limits;
  const measured = {
    onBytes: options.onBytes,
    ...(maxResultBytes === undefined ? {} : { maxMessageBytes: wireLimit(maxResultBytes) }),
  };
  // Bounded abort listeners, bytes seen as they arrive, answers measured (http-fetch.ts).
  const fetch = createUpstreamFetch({ headers: transport.headers, ...measured });
  // A configured Authorization header is the person's choice of credential: OAuth stays out.
  const fixed = Object.keys(transport.headers).some((h) => h.toLowerCase() === 'authorization');
  const authProvider = fixed ? undefined : options.auth?.(config.id, transport.url);
  const auth = authProvider ? { authProvider } : {};
  if (transport.type === 'sse') {
    const sse = new SSEClientTransport(url, {
      requestInit,
      fetch,
      eventSourceInit: { fetch },
      ...auth,
    });
    return { transport: sse, post: undefined };
  }
  const streamable = new StreamableHTTPClientTransport(url, { requestInit, fetch, ...auth });
  const post = new KeepAlivePost(streamable, {
    url,
    headers: transport.headers,
    ...measured,
    ...(authProvider ? { authorization: () => bearerOf(authProvider) } : {}),
  });
  return { transport: streamable, post };
}

/** The bearer the SDK transport would send for a provider's tokens, or none before a sign-in. */
async function bearerOf(provider: OAuthClientProvider): Promise<string | undefined> {
  const tokens = await provider.tokens();
  return tokens?.access_token ? `Bearer ${tokens.access_token}` : undefined;
}
