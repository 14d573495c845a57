/**
 * The HTTP side the bench endpoints share (the instant endpoint and the bare forwarder): a
 * 2025-era Streamable HTTP endpoint without a stream of its own (GET is 405, DELETE ends
 * nothing), each POST body parsed once and handed to `onMessage` with its response. Plain
 * JavaScript, so that the instant endpoint can run on bare `node` when its own start is timed.
 */
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';

/** @type {import('./json-rpc-endpoint.d.mts').jsonRpcEndpoint} */
export function jsonRpcEndpoint(onMessage) {
  return createServer((req, res) => {
    if (req.method === 'DELETE' || req.method === 'GET') {
      res.writeHead(req.method === 'GET' ? 405 : 200).end();
      return;
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      onMessage(JSON.parse(Buffer.concat(chunks).toString('utf8')), res);
    });
  });
}
