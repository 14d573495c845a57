import { StringDecoder } from 'node:string_decoder';
import {
  PROTOCOL_VERSION_META_KEY,
  SdkErrorCode,
  SdkHttpError,
  type JSONRPCMessage,
  type StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { GatewayError } from '../errors.js';
import { WirePool, type WireHandler } from './http-wire.js';
import { lostAnswer } from './session-loss.js';
import { parseWireMessage, wireMessageOf } from './wire-message.js';

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

/** Headers of the request itself, which configured ones do not replace. */
const OWN_HEADERS = new Set([
  'content-type',
  'accept',
  'content-length',
  'transfer-encoding',
  'connection',
]);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * The hot path of a Streamable HTTP upstream: lean requests (lean-requests.ts) POSTed over a
 * keep-alive HTTP/1.1 wire (http-wire.ts), a JSON answer gathered as buffers and parsed once,
 * an SSE answer split by a plain line scanner as it arrives, each message handed to the
 * transport's `onmessage` as the SDK transport would hand it (so progress and the server's own
 * requests still reach the SDK client). No web streams, `Request`/`Response` objects, `fetch`
 * or `node:http` streams on the way.
 *
 * The SDK's transport keeps the handshake, the session's GET stream and DELETE; this reads its
 * session id and protocol version, so both speak as one client.
 */
export class KeepAlivePost {
  private readonly wire: WirePool;
  /** The request line and the headers every POST carries; an error for a bad configured one. */
  private readonly fixed: string | Error;

  constructor(
    private readonly transport: StreamableHTTPClientTransport,
    private readonly options: KeepAlivePostOptions,
  ) {
    const { url } = options;
    this.wire = new WirePool(url);
    let lines = '';
    let host = `host: ${url.host}\r\n`;
    let bad: Error | undefined;
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      const lower = name.toLowerCase();
      if (OWN_HEADERS.has(lower)) continue;
      if (!TOKEN.test(name) || !VALUE.test(value)) bad ??= badHeader(name);
      if (lower === 'host') host = '';
      lines += `${name}: ${value}\r\n`;
    }
    this.fixed =
      bad ??
      `POST ${url.pathname}${url.search} HTTP/1.1\r\n${host}${lines}` +
        'content-type: application/json\r\naccept: application/json, text/event-stream\r\n';
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
    const authorization = this.options.authorization
      ? await this.options.authorization()
      : undefined;
    const head = this.head(message, authorization);
    const body = JSON.stringify(message);
    return new Promise<void>((resolve, reject) => {
      const reader = new AnswerReader(this, message, signal, resolve, reject);
      reader.cancel = this.wire.request(head, body, reader, signal);
    });
  }

  /** Lets go of the kept sockets. */
  close(): void {
    this.wire.close();
  }

  /** Hands one message of an answer to the transport's reader. */
  deliver(message: JSONRPCMessage): void {
    this.transport.onmessage?.(message);
  }

  /** A message of an answer that is not JSON-RPC, skipped as the SDK's event reader skips it. */
  reject(error: unknown): void {
    this.transport.onerror?.(error as Error);
  }

  private head(message: JSONRPCMessage, authorization: string | undefined): string {
    if (this.fixed instanceof Error) throw this.fixed;
    // Values from the server or the wire (a session id, a token) must not split the head.
    let lines = '';
    const sessionId = this.transport.sessionId;
    if (sessionId) lines += `mcp-session-id: ${headerValue(sessionId)}\r\n`;
    const m = message as { method?: string; params?: Record<string, unknown> };
    const version = (m.params?._meta as Record<string, unknown> | undefined)?.[
      PROTOCOL_VERSION_META_KEY
    ];
    if (typeof version === 'string' && m.method) {
      lines += `mcp-protocol-version: ${headerValue(version)}\r\n`;
      lines += `mcp-method: ${headerValue(m.method)}\r\n`;
      const field = NAME_FIELD[m.method];
      const name = field ? m.params?.[field] : undefined;
      if (typeof name === 'string') lines += `mcp-name: ${headerValue(name)}\r\n`;
    } else if (this.transport.protocolVersion) {
      lines += `mcp-protocol-version: ${headerValue(this.transport.protocolVersion)}\r\n`;
    }
    if (authorization) lines += `authorization: ${headerValue(authorization)}\r\n`;
    return this.fixed + lines;
  }

  /** A response body over this fails as it arrives. */
  get limit(): number {
    return this.options.maxMessageBytes ?? Infinity;
  }

  /** Response bytes arrived: the server lives. */
  bytes(): void {
    this.options.onBytes?.();
  }
}

/**
 * Reads one POST's response as the wire hands it over: nothing for a 202; the body of an HTTP
 * error; an SSE stream event by event; else one JSON body, parsed once at its end.
 */
class AnswerReader implements WireHandler {
  /** Ends the exchange with an error of ours (an answer over the limit). */
  cancel: (error: unknown) => void = () => {};
  private mode: 'none' | 'error' | 'events' | 'json' = 'none';
  private status = 0;
  private statusText = '';
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private readonly id: unknown;
  private answered: boolean;
  private decoder: StringDecoder | undefined;
  private buffer = '';

  constructor(
    private readonly post: KeepAlivePost,
    private readonly message: JSONRPCMessage,
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: () => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.id = (message as { id?: unknown }).id;
    this.answered = this.id === undefined;
  }

  onHead(status: number, statusText: string, headers: Record<string, string>): void {
    this.status = status;
    this.statusText = statusText;
    const type = (headers['content-type'] ?? '').toLowerCase();
    if (status === 202) this.mode = 'none';
    else if (status < 200 || status >= 300) this.mode = 'error';
    else if (type.startsWith('text/event-stream')) {
      this.mode = 'events';
      this.decoder = new StringDecoder('utf8');
    } else this.mode = 'json';
  }

  onBody(chunk: Buffer): void {
    this.post.bytes();
    if (this.mode === 'none') return;
    if (this.mode === 'events') return this.events(this.decoder!.write(chunk));
    this.size += chunk.length;
    if (this.size > this.post.limit) return this.cancel(tooLarge(this.post.limit));
    this.chunks.push(chunk);
  }

  onEnd(): void {
    try {
      if (this.mode === 'events') {
        this.events(this.decoder!.end());
        if (!this.answered) this.post.deliver(lostAnswer(this.id as string | number));
      } else if (this.mode === 'error') {
        this.failed(this.text());
      } else if (this.mode === 'json') {
        const text = this.text();
        if (text.length > 0) {
          // Checked as the stdio path checks a line: what is not JSON-RPC fails the request.
          const parsed = JSON.parse(text) as unknown;
          if (!Array.isArray(parsed)) this.post.deliver(wireMessageOf(parsed, text));
          else for (const each of parsed) this.post.deliver(wireMessageOf(each));
        }
      }
      this.resolve();
    } catch (error) {
      this.reject(error);
    }
  }

  onError(error: unknown): void {
    // An event stream that breaks before its answer lost the request with it (session-loss.ts);
    // one the caller ended was given up, not lost.
    const broken = error instanceof TypeError && !this.signal?.aborted;
    if (this.mode === 'events' && !this.answered && broken) {
      this.post.deliver(lostAnswer(this.id as string | number));
      return this.resolve();
    }
    this.reject(error);
  }

  private text(): string {
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    return body.toString('utf8');
  }

  /** An HTTP error: a 2026-07-28 server's JSON-RPC error (400), else an SdkHttpError. */
  private failed(text: string): void {
    const status = this.status;
    if (status === 400 && this.id !== undefined) {
      const parsed = tryParse(text) as { id?: unknown; error?: unknown } | undefined;
      if (parsed?.id === this.id && parsed.error) {
        return this.post.deliver(wireMessageOf(parsed, text));
      }
    }
    throw new SdkHttpError(
      SdkErrorCode.ClientHttpNotImplemented,
      `Error POSTing to endpoint: ${text}`,
      { status, statusText: this.statusText, text },
    );
  }

  /** Complete events out of the text so far: each one's data is one message. */
  private events(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = eventEnd(this.buffer)) >= 0) {
      const event = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(this.buffer.startsWith('\r\n', end) ? end + 4 : end + 2);
      const data = eventData(event);
      if (data === undefined) continue;
      let message: JSONRPCMessage;
      try {
        message = parseWireMessage(data);
      } catch (error) {
        this.post.reject(error);
        continue;
      }
      if ((message as { id?: unknown }).id === this.id && !('method' in message)) {
        this.answered = true;
      }
      this.post.deliver(message);
    }
    if (this.buffer.length > this.post.limit) this.cancel(tooLarge(this.post.limit));
  }
}

function headerValue(value: string): string {
  if (!VALUE.test(value)) throw badHeader('value');
  return value;
}

function badHeader(name: string): TypeError {
  return new TypeError(`the header ${name} holds characters HTTP does not allow`);
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
