/** Types of bench/json-rpc-endpoint.mjs. */
import type { Server, ServerResponse } from 'node:http';

/** One JSON-RPC message an agent posted, as the bench endpoints read it. */
export interface PostedMessage {
  id?: number | string;
  method: string;
  params?: { arguments?: { text?: string } };
}

export function jsonRpcEndpoint(
  onMessage: (message: PostedMessage, res: ServerResponse) => void,
): Server;
