import type { OAuthClientProvider } from '@modelcontextprotocol/client';
import type { CallSignal } from '../call-signal.js';
import type { ServerRequestRelay } from './client-requests.js';

/**
 * What the rest of the gateway hands a server's connections and hears back from them: the
 * options of one forwarded request, what a server can relay beyond calls, and the OAuth
 * provider of remote servers. Apart from connection.ts so that the pipeline and the relays
 * name these shapes without the connection class (and the client SDK types behind it).
 */

/**
 * The OAuth provider an HTTP connection signs its requests with (oauth/sign-ins.ts), or
 * undefined: every remote server without a configured Authorization header gets one, so a
 * server that answers 401 with OAuth metadata is `needs-signin` rather than `down`.
 */
export type UpstreamAuth = (serverId: string, url: string) => OAuthClientProvider | undefined;

/** What a server can relay beyond calls: log lines at a level set, and resource updates. */
export interface Relays {
  logging: boolean;
  subscribe: boolean;
  /** 2025-11-25 tasks for tools/call (`tasks.requests.tools.call`). */
  tasks: boolean;
}

/** Options for one request forwarded to the server. */
export interface ForwardOptions {
  /** The call's end: the agent cancelled or went away. */
  signal?: CallSignal;
  timeout?: number;
  onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
  /** Where the server's sampling, elicitation and roots requests during this call go. */
  relay?: ServerRequestRelay;
  /** Told how long the call waited for its server to start (it found it asleep or starting). */
  onStartWait?: (ms: number) => void;
}
