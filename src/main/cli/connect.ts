import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { UsageError, stringOption, type ParsedArgs } from './args.js';
import { readRuntimeFile } from './runtime-file.js';

/**
 * `switchboard connect --key KEY [--url URL]`: a stdio bridge to the local endpoint for clients
 * that only speak stdio. Messages are forwarded as they are, both ways — requests, results,
 * progress, cancellation, list_changed — and the bridge exits when its stdin closes.
 * The key may come from SWITCHBOARD_KEY instead of the command line.
 */
export async function connectCommand(dataDir: string, args: ParsedArgs): Promise<void> {
  const key = stringOption(args, 'key') ?? process.env.SWITCHBOARD_KEY;
  if (!key) throw new UsageError('connect needs --key KEY (or SWITCHBOARD_KEY)');
  const url = stringOption(args, 'url') ?? endpointOf(dataDir);
  const upstream = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
  });
  const local = new StdioServerTransport();
  let closing = false;
  const close = async (code: number) => {
    if (closing) return;
    closing = true;
    await Promise.allSettled([upstream.close(), local.close()]);
    process.exit(code);
  };
  local.onmessage = (message) => {
    upstream.send(message).catch((error: unknown) => replyWithError(local, message, error));
  };
  upstream.onmessage = (message) => {
    noteProtocolVersion(upstream, message);
    void local.send(message).catch(() => close(1));
  };
  upstream.onerror = (error) => process.stderr.write(`switchboard connect: ${error.message}\n`);
  local.onclose = () => void close(0);
  process.stdin.on('end', () => void close(0));
  await upstream.start();
  await local.start();
}

/** The running gateway's endpoint for this data directory. */
function endpointOf(dataDir: string): string {
  const runtime = readRuntimeFile(dataDir);
  if (!runtime)
    throw new UsageError(
      'no gateway runs for this data directory; pass --url or start `switchboard serve`',
    );
  return `${runtime.origin}/mcp`;
}

/** After `initialize`, later requests carry the negotiated MCP-Protocol-Version header. */
function noteProtocolVersion(
  upstream: StreamableHTTPClientTransport,
  message: JSONRPCMessage,
): void {
  const result = (message as { result?: { protocolVersion?: unknown; serverInfo?: unknown } })
    .result;
  if (result?.serverInfo && typeof result.protocolVersion === 'string') {
    upstream.setProtocolVersion(result.protocolVersion);
  }
}

/** A request the gateway could not take gets a JSON-RPC error, so the client never hangs. */
function replyWithError(
  local: StdioServerTransport,
  message: JSONRPCMessage,
  error: unknown,
): void {
  const id = (message as { id?: string | number }).id;
  if (id === undefined) return;
  const text = error instanceof Error ? error.message : String(error);
  void local.send({ jsonrpc: '2.0', id, error: { code: -32603, message: `Switchboard: ${text}` } });
}
