import type { EventEmitter } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import {
  ReadBuffer,
  serializeMessage,
  type JSONRPCMessage,
  type Transport,
} from '@modelcontextprotocol/client';

/** The parts of a child process a stdio transport uses (a ChildProcess, or a utility process). */
export interface ProcessLike extends EventEmitter {
  readonly pid?: number | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  kill(): boolean;
}

/** Starts a stdio server some other way than `spawn` (the packaged app: a utility process). */
export type StdioLauncher = (
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string | undefined,
) => ProcessLike | undefined;

/**
 * An MCP stdio transport over an already-started process: newline-delimited JSON-RPC on its
 * stdin and stdout, framed by the SDK's ReadBuffer. Used where the gateway cannot spawn the
 * server itself — the desktop app runs bundled servers in Electron utility processes, since its
 * RunAsNode fuse is off (#6).
 */
export class ProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly buffer = new ReadBuffer({ maxBufferSize: 64 * 1024 * 1024 });
  private closed = false;

  constructor(private readonly child: ProcessLike) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  async start(): Promise<void> {
    this.child.stdout?.on('data', (chunk: Buffer) => {
      this.buffer.append(chunk);
      this.drain();
    });
    this.child.on('error', (error: Error) => this.onerror?.(error));
    this.child.on('exit', () => this.finish());
    this.child.stdin?.on('error', (error: Error) => this.onerror?.(error));
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child.stdin;
    if (!stdin || this.closed) throw new Error('the server process is not running');
    await new Promise<void>((resolve, reject) => {
      stdin.write(serializeMessage(message), (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Ends stdin (servers exit on EOF), then kills the process if it is still there. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.child.stdin?.end();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const timer = setTimeout(() => this.child.kill(), 2_000);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 4_000))]);
    clearTimeout(timer);
    this.finish();
  }

  private drain(): void {
    for (;;) {
      try {
        const message = this.buffer.readMessage();
        if (!message) return;
        this.onmessage?.(message);
      } catch (error) {
        // A line that is not JSON-RPC (a server printing to stdout): report it and go on.
        this.onerror?.(error as Error);
      }
    }
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffer.clear();
    this.onclose?.();
  }
}
