/**
 * Framing one large stdout line, as a server's big result arrives in 64 KiB chunks: the SDK's
 * ReadBuffer (which re-scans and re-copies its whole buffer on every chunk, and parses the JSON
 * at the end) against the gateway's LineReader (scans only new bytes, joins once; no parse).
 *
 *   node --import tsx bench/read-path.ts
 */
import { ReadBuffer } from '@modelcontextprotocol/client';
import { LineReader } from '../src/main/gateway/upstream/line-reader.js';

const CHUNK = 65_536;

for (const mb of [30, 60]) {
  const text = 'x'.repeat(mb * 1024 * 1024);
  const message = { jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text }] } };
  const line = Buffer.from(`${JSON.stringify(message)}\n`);
  const chunks: Buffer[] = [];
  for (let i = 0; i < line.length; i += CHUNK) chunks.push(line.subarray(i, i + CHUNK));

  let started = performance.now();
  const sdk = new ReadBuffer({ maxBufferSize: 128 * 1024 * 1024 } as never);
  for (const chunk of chunks) {
    sdk.append(chunk);
    while (sdk.readMessage());
  }
  const sdkMs = performance.now() - started;

  started = performance.now();
  let framed = 0;
  const reader = new LineReader(128 * 1024 * 1024, {
    line: (l) => (framed = l.length),
    oversize: () => {},
  });
  for (const chunk of chunks) reader.push(chunk);
  const ours = performance.now() - started;
  process.stdout.write(
    `${mb} MB line: SDK ReadBuffer ${sdkMs.toFixed(0)} ms, LineReader ${ours.toFixed(0)} ms ` +
      `(${framed} characters framed)\n`,
  );
}
