import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** What one HTTP exchange tells its reader, as the response arrives. */
export interface WireHandler {
  /** The status line and headers, names lower-cased (a repeated header keeps its last value). */
  onHead(status: number, statusText: string, headers: Record<string, string>): void;
  /** A piece of the body, its chunked framing removed. */
  onBody(chunk: Buffer): void;
  /** The body ended as its framing said it would (or the server closed a close-framed one). */
  onEnd(): void;
  /**
   * The exchange failed: before the response began, a `TypeError('fetch failed')` whose cause
   * is the socket's error (as fetch reports it, so a dead server reads as a lost session);
   * after, a `TypeError('terminated')`; on the signal, its reason.
   */
  onError(error: unknown): void;
}

/** A socket of the pool, the exchange it carries and since when it idles. */
interface Held {
  socket: Socket;
  exchange: Exchange | undefined;
  idleAt: number;
}

/**
 * A keep-alive HTTP/1.1 client for one origin, written for the hot path of a Streamable HTTP
 * upstream: a POST is one socket write (head and body together), and the response is read by
 * a small parser (status line, headers; body by Content-Length, chunked, or close) that hands
 * body pieces straight to a handler. No `ClientRequest`/`IncomingMessage` streams, agent
 * bookkeeping, per-request listeners or timers: each socket carries its listeners for life.
 *
 * A socket idle for `idleMs` is never used again (a server's keep-alive, commonly 5 s, could
 * close it under the request, and a POST is never sent twice); a sweep frees such sockets.
 */
export class WirePool {
  private readonly idle: Held[] = [];
  private readonly all = new Set<Held>();
  private sweep: NodeJS.Timeout | undefined;
  private readonly host: string;
  private readonly port: number;
  private readonly tls: boolean;

  constructor(
    url: URL,
    private readonly idleMs = 4_000,
  ) {
    this.tls = url.protocol === 'https:';
    // An IPv6 literal comes bracketed in a URL, and bare to connect().
    this.host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = Number(url.port) || (this.tls ? 443 : 80);
  }

  /**
   * Writes one request (`head`: the request line and header lines, each ending CRLF, without
   * the blank line) and reads its response into `handler`. `signal` ends the exchange: the
   * socket is destroyed, so the server sees the request's stream close. Returns how the
   * reader ends the exchange itself (an answer over its limit): the same, with its own error.
   */
  request(
    head: string,
    body: string,
    handler: WireHandler,
    signal?: AbortSignal,
  ): (error: unknown) => void {
    if (signal?.aborted) {
      handler.onError(signal.reason);
      return () => {};
    }
    const held = this.acquire();
    const exchange = new Exchange(held, handler, this, signal);
    held.exchange = exchange;
    const length = Buffer.byteLength(body);
    const message = `${head}content-length: ${length}\r\n\r\n${body}`;
    // Header values are Latin-1 on the wire (head lines are checked for CR and LF where they are
    // built); a head of plain printable ASCII goes out with the body as one UTF-8 write.
    if (!/[^\t\x20-\x7e]/.test(head)) {
      held.socket.write(message);
    } else {
      held.socket.cork();
      held.socket.write(head + `content-length: ${length}\r\n\r\n`, 'latin1');
      held.socket.write(body);
      held.socket.uncork();
    }
    return (error) => exchange.fail(error);
  }

  /** Destroys every socket, idle or busy (their exchanges fail). */
  close(): void {
    for (const held of [...this.all]) held.socket.destroy();
    this.stopSweep();
  }

  /** A finished exchange's socket: kept for the next request, or let go. */
  release(held: Held, reusable: boolean): void {
    held.exchange = undefined;
    if (!reusable || held.socket.destroyed) {
      held.socket.destroy();
      return;
    }
    held.idleAt = Date.now();
    this.idle.push(held);
  }

  private acquire(): Held {
    const now = Date.now();
    for (let held = this.idle.pop(); held; held = this.idle.pop()) {
      if (now - held.idleAt < this.idleMs && !held.socket.destroyed) return held;
      held.socket.destroy();
    }
    return this.open();
  }

  private open(): Held {
    const socket = this.tls
      ? tlsConnect({
          host: this.host,
          port: this.port,
          ...(isIP(this.host) ? {} : { servername: this.host }),
          ALPNProtocols: ['http/1.1'],
        })
      : netConnect({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    const held: Held = { socket, exchange: undefined, idleAt: 0 };
    this.all.add(held);
    let failure: Error | undefined;
    socket.on('data', (chunk: Buffer) => {
      if (held.exchange) held.exchange.feed(chunk);
      // Bytes nobody asked for: the connection's framing can no longer be trusted.
      else socket.destroy();
    });
    socket.on('error', (error) => (failure = error));
    socket.on('close', () => {
      this.all.delete(held);
      const at = this.idle.indexOf(held);
      if (at >= 0) this.idle.splice(at, 1);
      const exchange = held.exchange;
      held.exchange = undefined;
      exchange?.closed(failure);
      if (this.all.size === 0) this.stopSweep();
    });
    this.sweep ??= setInterval(() => this.sweepIdle(), this.idleMs).unref();
    return held;
  }

  private sweepIdle(): void {
    const now = Date.now();
    for (const held of [...this.idle]) {
      if (now - held.idleAt >= this.idleMs) held.socket.destroy();
    }
  }

  private stopSweep(): void {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = undefined;
  }
}

const CRLF2 = Buffer.from('\r\n\r\n');

/** One request's response being read: head, then a body framed by length, chunks or close. */
class Exchange {
  private head: Buffer | undefined = Buffer.alloc(0);
  /** Body bytes still due (length framing), or the current chunk's (chunked). */
  private remaining = 0;
  private framing: 'length' | 'chunked' | 'close' = 'length';
  /** Chunked only: reading a size line, a chunk's data, its CRLF, or the trailers. */
  private chunkState: 'size' | 'data' | 'crlf' | 'trailer' = 'size';
  private pending: Buffer | undefined;
  private reusable = true;
  private done = false;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly held: Held,
    private readonly handler: WireHandler,
    private readonly pool: WirePool,
    private readonly signal: AbortSignal | undefined,
  ) {
    if (signal) {
      const onAbort = () => this.fail(signal.reason);
      this.onAbort = onAbort;
      signal.addEventListener('abort', onAbort, { once: true });
    }
  }

  feed(chunk: Buffer): void {
    if (this.done) return;
    if (this.head) {
      const head = this.head.length ? Buffer.concat([this.head, chunk]) : chunk;
      const end = head.indexOf(CRLF2);
      if (end < 0) {
        this.head = head;
        if (head.length > 64 * 1024) this.fail(failed('a response head over 64 KiB'));
        return;
      }
      const rest = head.subarray(end + 4);
      if (!this.parseHead(head.toString('latin1', 0, end))) {
        // An interim (1xx) response: the real one follows.
        this.head = Buffer.alloc(0);
        if (rest.length) this.feed(rest);
        return;
      }
      this.head = undefined;
      if (this.done) return;
      if (this.framing === 'length' && this.remaining === 0) {
        return this.finish(this.reusable && rest.length === 0);
      }
      if (rest.length) this.body(rest);
      return;
    }
    this.body(chunk);
  }

  /** The socket closed: an end for a close-framed body, else a failure. */
  closed(error: Error | undefined): void {
    if (this.done) return;
    if (!this.head && this.framing === 'close') return this.finish(false);
    const cause = error ?? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    this.fail(this.head ? new TypeError('fetch failed', { cause }) : new TypeError('terminated'));
  }

  /** Parses the status line and headers; false for an interim (1xx) response. */
  private parseHead(text: string): boolean {
    const lines = text.split('\r\n');
    const status = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
    if (!status) {
      this.fail(failed('not an HTTP/1.x response'));
      return true;
    }
    const code = Number(status[2]);
    if (code >= 100 && code < 200) return false;
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const connection = headers['connection']?.toLowerCase() ?? '';
    if (status[1] === '0' ? !connection.includes('keep-alive') : connection.includes('close'))
      this.reusable = false;
    if (code === 204 || code === 304) {
      this.remaining = 0;
    } else if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
      this.framing = 'chunked';
    } else if (headers['content-length'] !== undefined) {
      this.remaining = Number(headers['content-length']);
      if (!Number.isSafeInteger(this.remaining) || this.remaining < 0) {
        this.fail(failed('a bad Content-Length'));
        return true;
      }
    } else {
      this.framing = 'close';
      this.reusable = false;
    }
    this.handler.onHead(code, status[3] ?? '', headers);
    return true;
  }

  private body(chunk: Buffer): void {
    if (this.framing === 'close') return this.handler.onBody(chunk);
    if (this.framing === 'length') {
      if (chunk.length > this.remaining) {
        // More than the response holds: the connection is out of step; not reused.
        this.reusable = false;
        chunk = chunk.subarray(0, this.remaining);
      }
      this.remaining -= chunk.length;
      if (chunk.length) this.handler.onBody(chunk);
      if (this.remaining === 0 && !this.done) this.finish(this.reusable);
      return;
    }
    this.chunked(chunk);
  }

  /** Chunked framing: size line (extensions ignored), data, CRLF; trailers end on a blank line. */
  private chunked(input: Buffer): void {
    let data = this.pending ? Buffer.concat([this.pending, input]) : input;
    this.pending = undefined;
    while (data.length > 0 && !this.done) {
      if (this.chunkState === 'data') {
        const take = Math.min(this.remaining, data.length);
        this.handler.onBody(data.subarray(0, take));
        this.remaining -= take;
        data = data.subarray(take);
        if (this.remaining === 0) this.chunkState = 'crlf';
        continue;
      }
      const eol = data.indexOf('\r\n');
      if (eol < 0) {
        if (data.length > 16 * 1024) return this.fail(new TypeError('terminated'));
        this.pending = data;
        return;
      }
      const line = data.toString('latin1', 0, eol);
      data = data.subarray(eol + 2);
      if (this.chunkState === 'crlf') {
        // A chunk's data ends exactly at a CRLF; anything else means the framing is lost.
        if (line !== '') return this.fail(new TypeError('terminated'));
        this.chunkState = 'size';
      } else if (this.chunkState === 'size') {
        // Hex digits, then optional extensions after ';' (ignored): no sign, no spaces inside.
        const digits = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(line)?.[1];
        if (digits === undefined) return this.fail(new TypeError('terminated'));
        const size = parseInt(digits, 16);
        this.remaining = size;
        this.chunkState = size === 0 ? 'trailer' : 'data';
      } else if (line === '') {
        return this.finish(this.reusable && data.length === 0);
      }
    }
  }

  private finish(reusable: boolean): void {
    this.done = true;
    this.unlisten();
    this.pool.release(this.held, reusable);
    this.handler.onEnd();
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.unlisten();
    this.held.exchange = undefined;
    this.held.socket.destroy();
    this.handler.onError(error);
  }

  private unlisten(): void {
    if (this.onAbort) this.signal?.removeEventListener('abort', this.onAbort);
  }
}

/** A response that cannot be read, reported as fetch reports a failed request. */
function failed(why: string): TypeError {
  return new TypeError('fetch failed', { cause: new Error(why) });
}
