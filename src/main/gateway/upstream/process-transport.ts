import {
  serializeMessage,
  type JSONRPCMessage,
  type Transport,
} from '@modelcontextprotocol/client';
import { LineReader, type OversizeLine } from './line-reader.js';
import type { Readable, Writable } from 'node:stream';
import type { ProcessLike } from './stdio-launch.js';
import { looksLikeResponse, oversizeId, refusal } from './oversize.js';
import { parseWireMessage } from './wire-message.js';

/** The ids the SDK gives its era probe requests (`server-discover-probe-1`, …). */
const PROBE_ID_PREFIX = 'server-discover-probe-';

/** A stdout line longer than this cuts the server off, whatever the result limit. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * The bytes on the wire a result within `maxResultBytes` may take: four times (JSON escapes, a
 * structured copy beside the text) plus room for the envelope, at most MAX_LINE_BYTES.
 */
export function wireLimit(maxResultBytes: number): number {
  return Math.min(maxResultBytes * 4 + 65_536, MAX_LINE_BYTES);
}

/** Bounds on what a server may write on stdout. */
export interface ProcessTransportLimits {
  /**
   * The result limit (settings.maxResultBytes). A message of over four times this on the wire
   * (room for JSON escapes and structured copies of a result the limit allows) is refused while
   * it arrives: its bytes are dropped, and the call it answers fails at once.
   */
  maxResultBytes?: number;
  /** A line longer than this cuts the server off (default MAX_LINE_BYTES). */
  maxLineBytes?: number;
}

/**
 * An MCP stdio transport over an already-started process: newline-delimited JSON-RPC on its
 * stdin and stdout. Used for every stdio server (the desktop app runs bundled ones in Electron
 * utility processes, since its RunAsNode fuse is off).
 *
 * Reading is linear and bounded (line-reader.ts): a message over `maxMessageBytes` is refused
 * as it streams, and a line over `maxLineBytes` cuts the server off with a clear error
 * (`cutOff`). Nothing a server writes can throw out of the stdout handler.
 */
export class ProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** Why the gateway cut the server off, when it did. */
  cutOff: string | undefined;
  /**
   * Whether the server answered the SDK's era probe (`server/discover`), with a result or an
   * error, before the SDK gave up on it and began the 2025 handshake. A 2025 verdict without
   * such an answer came from the probe's timeout: a server busy booting, not evidence of its era.
   */
  probeAnswered = false;
  /** The 2025 `initialize` went out: a probe answer from now on is a late one. */
  private handshaking = false;
  /** When stdout last delivered bytes (epoch ms): a response still arriving means alive. */
  lastReceivedAt = 0;
  private readonly reader: LineReader;
  private readonly maxLineBytes: number;
  private readonly maxMessageBytes: number;
  private readonly maxResultBytes: number | undefined;
  /** Requests sent and not yet answered, to know which call an oversize answer belongs to. */
  private readonly pending = new Set<string | number>();
  private refused: string | number | undefined;
  private batching = false;
  private closed = false;
  private exited = false;

  constructor(
    private readonly child: ProcessLike,
    limits: ProcessTransportLimits = {},
  ) {
    this.maxLineBytes = limits.maxLineBytes ?? MAX_LINE_BYTES;
    this.maxResultBytes = limits.maxResultBytes;
    this.maxMessageBytes = Math.min(
      limits.maxResultBytes === undefined ? Infinity : wireLimit(limits.maxResultBytes),
      this.maxLineBytes,
    );
    this.reader = new LineReader(this.maxMessageBytes, {
      line: (text) => this.deliver(text),
      oversize: (line) => this.oversize(line),
    });
    child.once('exit', () => {
      this.exited = true;
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * The child's stderr. The SDK tells a stdio transport by its `stderr` and `pid`: without
   * this it took ours for HTTP, and a server slower than the 5 s era probe to boot (the probe
   * is its first message) failed to start instead of being spoken to as a 2025-era server.
   */
  get stderr(): Readable | null {
    return this.child.stderr;
  }

  async start(): Promise<void> {
    await this.spawned();
    this.child.stdout?.on('data', this.onData);
    this.child.on('error', (error: Error) => this.onerror?.(error));
    this.child.on('exit', () => this.finish());
    this.child.stdin?.on('error', (error: Error) => this.onerror?.(error));
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child.stdin;
    if (!stdin || this.closed) throw new Error('the server process is not running');
    this.track(message);
    this.batch(stdin);
    await new Promise<void>((resolve, reject) => {
      stdin.write(serializeMessage(message), (error) => (error ? reject(error) : resolve()));
    });
  }

  /**
   * Holds stdin's writes until the event loop has handled every agent request that arrived
   * together: calls from many agents then reach the server in one write. Each write to a pipe is
   * a system call that also wakes the server, and at 16 calls in flight those writes were the
   * largest single cost of a call in the gateway's profile. One agent alone waits for nothing:
   * the writes go out in the same turn of the loop.
   */
  private batch(stdin: Writable): void {
    if (this.batching) return;
    this.batching = true;
    stdin.cork();
    setImmediate(() => {
      this.batching = false;
      stdin.uncork();
    });
  }

  /**
   * Ends stdin (servers exit on EOF); a process still there after 2 s gets SIGTERM, and after
   * 2 s more SIGKILL, so no child outlives its connection.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    const exited = new Promise<void>((resolve) => {
      if (this.exited) resolve();
      else this.child.once('exit', () => resolve());
    });
    this.child.stdin?.end();
    const term = setTimeout(() => this.child.kill('SIGTERM'), 2_000);
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 4_000);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 4_500))]);
    clearTimeout(term);
    clearTimeout(kill);
    this.finish();
  }

  /** Resolves once the process runs; rejects when it could not start (no such command, say). */
  private spawned(): Promise<void> {
    if (this.child.pid !== undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.child.once('spawn', () => resolve());
      this.child.once('error', (error: Error) => reject(error));
    });
  }

  private readonly onData = (chunk: Buffer): void => {
    this.lastReceivedAt = Date.now();
    try {
      this.reader.push(chunk);
      if (this.reader.overflowBytes > this.maxLineBytes) this.cut();
    } catch (error) {
      // Whatever goes wrong reading one server must not throw out of an event handler.
      this.onerror?.(error as Error);
    }
  };

  private deliver(text: string): void {
    let message: JSONRPCMessage;
    try {
      message = parseWireMessage(text);
    } catch (error) {
      // A line that is not JSON-RPC (a server printing to stdout): report it and go on.
      this.onerror?.(error as Error);
      return;
    }
    const m = message as { id?: string | number; method?: string };
    if (m.id !== undefined && m.method === undefined) {
      if (!this.handshaking && typeof m.id === 'string' && m.id.startsWith(PROBE_ID_PREFIX)) {
        this.probeAnswered = true;
      }
      this.pending.delete(m.id);
      if (m.id === this.refused) return;
    }
    this.onmessage?.(message);
  }

  /** Requests the client sends, and the ones it gives up on (cancelled). */
  private track(message: JSONRPCMessage): void {
    const m = message as {
      id?: string | number;
      method?: string;
      params?: { requestId?: unknown };
    };
    if (m.method === 'initialize') this.handshaking = true;
    if (m.method !== undefined && m.id !== undefined) this.pending.add(m.id);
    if (m.method === 'notifications/cancelled') {
      const id = m.params?.requestId;
      if (typeof id === 'string' || typeof id === 'number') this.pending.delete(id);
    }
  }

  /**
   * A message passed the limit: the call it answers fails at once, named by the id in the
   * line's head, or as the only call waiting; otherwise by the id at its end, when it ends.
   */
  private oversize(line: OversizeLine): void {
    if (line.ended && this.refused !== undefined) {
      this.refused = undefined;
      return;
    }
    if (this.maxMessageBytes >= this.maxLineBytes || !looksLikeResponse(line.head)) return;
    const only = this.pending.size === 1 ? [...this.pending][0] : undefined;
    const id = oversizeId(line) ?? (line.ended ? undefined : only);
    if (id === undefined || !this.pending.delete(id)) return;
    this.refused = line.ended ? undefined : id;
    this.onmessage?.(refusal(id, line.bytes, this.maxMessageBytes, this.maxResultBytes ?? 0));
  }

  /** A line past the hard cap: the server is cut off, its stdout no longer read. */
  private cut(): void {
    if (this.cutOff) return;
    this.cutOff =
      `the server wrote a line of over ${this.maxLineBytes} bytes on stdout; ` +
      'Switchboard cut it off';
    this.child.stdout?.off('data', this.onData);
    this.reader.clear();
    this.onerror?.(new Error(this.cutOff));
    this.child.kill('SIGKILL');
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.reader.clear();
    this.onclose?.();
  }
}
