import crossSpawn from 'cross-spawn';
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
  kill(signal?: NodeJS.Signals): boolean;
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
  private exited = false;

  constructor(private readonly child: ProcessLike) {
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

/**
 * The default launcher: `spawn` without a shell (arguments as an array, #10), stdio piped.
 * Going through ProcessTransport rather than the SDK's StdioClientTransport makes the SDK's
 * protocol-era probe run in place on the connection instead of in a second, throw-away process
 * per server (half the processes at start-up). Like that transport, it spawns through
 * cross-spawn: on Windows `npx` and other `.cmd` shims (the usual `mcpServers` commands) only
 * start through `cmd.exe`, with each argument escaped; elsewhere it is `spawn` itself.
 */
export const spawnLauncher: StdioLauncher = (command, args, env, cwd) =>
  crossSpawn(command, args, {
    env,
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    shell: false,
    windowsHide: true,
  });
