import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  PROTOCOL_VERSION_META_KEY,
  SdkErrorCode,
  SdkHttpError,
  type JSONRPCMessage,
  type StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { GatewayError } from '../errors.js';
import { lostAnswer } from './session-loss.js';

/** How the keep-alive POST of one Streamable HTTP connection is built. */
export interface KeepAlivePostOptions {
  url: URL;
  /** Headers added to every request (the server's configured ones). */
  headers?: Record<string, string>;
  /** Told whenever response bytes arrive: a response still arriving means the server lives. */
  onBytes?: () => void;
  /** A JSON response body, or one SSE event, longer than this fails as it arrives. */
  maxMessageBytes?: number;
  /**
   * The `Authorization` value of a server signed in with OAuth, read per request as the SDK
   * transport reads it (so a token about to expire is refreshed first); undefined sends none.
   */
  authorization?: () => Promise<string | undefined>;
}

/** Where the request's name goes on a 2026-07-28 POST (`Mcp-Name`), as the SDK sets it. */
const NAME_FIELD: Record<string, string> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
};

/**
 * The hot path of a Streamable HTTP upstream: lean requests (lean-requests.ts) POSTed over a
 * keep-alive `node:http` agent, a JSON answer read as one buffer and parsed once, an SSE answer
 * split by a plain line scanner, each message handed to the transport's `onmessage` as the SDK
 * transport would hand it (so progress and the server's own requests still reach the SDK
 * client). No web streams, `Request`/`Response` objects or `fetch` on the way.
 *
 * The SDK's transport keeps the handshake, the session's GET stream and DELETE; this reads its
 * session id and protocol version, so both speak as one client.
 */
export class KeepAlivePost {
  private readonly agent: HttpAgent;
  private readonly request: typeof httpRequest;

  constructor(
    private readonly transport: StreamableHTTPClientTransport,
    private readonly options: KeepAlivePostOptions,
  ) {
    const https = options.url.protocol === 'https:';
    // Idle sockets are dropped after 4 s, before a server's usual 5 s keep-alive closes them
    // under a request: a request is never sent again (it may not be safe to), so that race
    // must not happen.
    const keep = { keepAlive: true, maxSockets: 256, timeout: 4_000 };
    this.agent = https ? new HttpsAgent(keep) : new HttpAgent(keep);
    this.request = https ? (httpsRequest as typeof httpRequest) : httpRequest;
  }

  /**
   * Whether this message can go this way: anything on a session; a 2026-07-28 request only when
   * its name needs no encoding in `Mcp-Name` (else the SDK's transport sends it).
   */
  carries(message: JSONRPCMessage): boolean {
    const m = message as { method?: string; params?: Record<string, unknown> };
    const meta = m.params?._meta as Record<string, unknown> | undefined;
    if (meta?.[PROTOCOL_VERSION_META_KEY] === undefined)
      return this.transport.sessionId !== undefined;
    const field = m.method ? NAME_FIELD[m.method] : undefined;
    const name = field ? m.params?.[field] : undefined;
    return (
      name === undefined ||
      (typeof name === 'string' && /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(name))
    );
  }

  /**
   * POSTs one message; resolves once its answer (if any) was handed on. Refused credentials
   * (401, 403) reject with an SdkHttpError of that status: the server ran nothing, so the caller
   * may resend through the SDK transport, whose auth flow deals with them.
   */
  async send(message: JSONRPCMessage, signal?: AbortSignal): Promise<void> {
    const headers = this.headers(message);
    const authorization = await this.options.authorization?.();
    if (authorization) headers.authorization = authorization;
    const body = JSON.stringify(message);
    headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise<void>((resolve, reject) => {
      const req = this.request(this.options.url, {
        method: 'POST',
        headers,
        agent: this.agent,
        ...(signal ? { signal } : {}),
      });
      let answered = false;
      req.on('error', (error: NodeJS.ErrnoException) => {
        // Once the answer arrives, its reading says what went wrong.
        if (answered) return;
        // As fetch reports it, so a server that died mid-request reads as a lost session.
        reject(Object.assign(new TypeError('fetch failed'), { cause: error }));
      });
      req.on('response', (res) => {
        answered = true;
        this.answer(message, res).then(resolve, (error: unknown) => {
          reject(error);
          res.destroy();
        });
      });
      req.end(body);
    });
  }

  /** Lets go of the kept sockets. */
  close(): void {
    this.agent.destroy();
  }

  private headers(message: JSONRPCMessage): Record<string, string> {
    const headers: Record<string, string> = {
      ...this.options.headers,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const sessionId = this.transport.sessionId;
    if (sessionId) headers['mcp-session-id'] = sessionId;
    const m = message as { method?: string; params?: Record<string, unknown> };
    const version = (m.params?._meta as Record<string, unknown> | undefined)?.[
      PROTOCOL_VERSION_META_KEY
    ];
    if (typeof version === 'string' && m.method) {
      headers['mcp-protocol-version'] = version;
      headers['mcp-method'] = m.method;
      const field = NAME_FIELD[m.method];
      const name = field ? m.params?.[field] : undefined;
      if (typeof name === 'string') headers['mcp-name'] = name;
    } else if (this.transport.protocolVersion) {
      headers['mcp-protocol-version'] = this.transport.protocolVersion;
    }
    return headers;
  }

  private async answer(message: JSONRPCMessage, res: IncomingMessage): Promise<void> {
    const status = res.statusCode ?? 0;
    if (status === 202) {
      res.resume();
      return;
    }
    const type = String(res.headers['content-type'] ?? '').toLowerCase();
    if (status < 200 || status >= 300) {
      const text = (await this.read(res)).toString('utf8');
      const id = (message as { id?: unknown }).id;
      // A 2026-07-28 server answers a bad request with its JSON-RPC error and a 400.
      if (status === 400 && id !== undefined) {
        const parsed = tryParse(text) as { id?: unknown; error?: unknown } | undefined;
        if (parsed?.id === id && parsed.error) return this.deliver(parsed);
      }
      throw new SdkHttpError(
        SdkErrorCode.ClientHttpNotImplemented,
        `Error POSTing to endpoint: ${text}`,
        {
          status,
          statusText: res.statusMessage ?? '',
          text,
        },
      );
    }
    if (type.startsWith('text/event-stream')) return this.events(message, res);
    const text = (await this.read(res)).toString('utf8');
    if (text.length === 0) return;
    const parsed = JSON.parse(text) as unknown;
    for (const each of Array.isArray(parsed) ? parsed : [parsed]) this.deliver(each);
  }

  /** The whole body, refused the moment it passes the message limit. */
  private read(res: IncomingMessage): Promise<Buffer> {
    const limit = this.options.maxMessageBytes ?? Infinity;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        this.options.onBytes?.();
        bytes += chunk.length;
        if (bytes > limit) {
          reject(tooLarge(limit));
          res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      res.on('error', reject);
      res.on('aborted', () => reject(new TypeError('terminated')));
      res.on('close', () => {
        if (!res.complete) reject(new TypeError('terminated'));
      });
    });
  }

  /** An SSE answer: each event's data is one message; the stream ending early loses the request. */
  private events(message: JSONRPCMessage, res: IncomingMessage): Promise<void> {
    const id = (message as { id?: unknown }).id;
    const limit = this.options.maxMessageBytes ?? Infinity;
    let answered = id === undefined;
    let buffer = '';
    res.setEncoding('utf8');
    return new Promise((resolve, reject) => {
      const fail = (error: unknown) => {
        reject(error);
        res.destroy();
      };
      res.on('data', (chunk: string) => {
        this.options.onBytes?.();
        buffer += chunk;
        let end: number;
        while ((end = eventEnd(buffer)) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(buffer.startsWith('\r\n', end) ? end + 4 : end + 2);
          const data = eventData(event);
          if (data === undefined) continue;
          const parsed = tryParse(data) as { id?: unknown } | undefined;
          if (!parsed) continue;
          if (parsed.id === id && !('method' in parsed)) answered = true;
          this.deliver(parsed);
        }
        if (buffer.length > limit) fail(tooLarge(limit));
      });
      res.on('end', () => {
        if (!answered) this.deliver(lostAnswer(id as string | number));
        resolve();
      });
      res.on('error', fail);
    });
  }

  private deliver(message: unknown): void {
    this.transport.onmessage?.(message as JSONRPCMessage);
  }
}

function eventEnd(buffer: string): number {
  const lf = buffer.indexOf('\n\n');
  const crlf = buffer.indexOf('\r\n\r\n');
  if (lf < 0) return crlf;
  return crlf < 0 ? lf : Math.min(lf, crlf);
}

/** The data of one SSE event whose type is `message` (or unnamed); undefined for others. */
function eventData(event: string): string | undefined {
  let type = 'message';
  const data: string[] = [];
  for (const line of event.split(/\r?\n/)) {
    if (line.startsWith('data:')) data.push(line.slice(line[5] === ' ' ? 6 : 5));
    else if (line.startsWith('event:')) type = line.slice(6).trim();
  }
  return type === 'message' && data.length > 0 ? data.join('\n') : undefined;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function tooLarge(limit: number): GatewayError {
  // Our verdict, not the server's failure: the breaker does not count it.
  return new GatewayError(
    'result_too_large',
    `the server's answer passed ${limit} bytes while it arrived and was refused ` +
      "(over Switchboard's result limit)",
  );
}
