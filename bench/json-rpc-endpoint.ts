import { createServer, type Server, type ServerResponse } from 'node:http';

/** One JSON-RPC message an agent posted, as the bench endpoints read it. */
export interface PostedMessage {
  id?: number | string;
  method: string;
  params?: { arguments?: { text?: string } };
}

/**
 * The HTTP side both bench endpoints share (the instant endpoint and the bare forwarder): a
 * 2025-era Streamable HTTP endpoint without a stream of its own (GET is 405, DELETE ends
 * nothing), each POST body parsed once and handed to `onMessage` with its response.
 */
export function jsonRpcEndpoint(
  onMessage: (message: PostedMessage, res: ServerResponse) => void,
): Server {
  return createServer((req, res) => {
    if (req.method === 'DELETE' || req.method === 'GET') {
      res.writeHead(req.method === 'GET' ? 405 : 200).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      onMessage(JSON.parse(Buffer.concat(chunks).toString('utf8')) as PostedMessage, res);
    });
  });
}
