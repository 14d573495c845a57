import { EventEmitter } from 'node:events';
import { PassThrough, Writable, type Readable } from 'node:stream';
import { utilityProcess, type UtilityProcess } from 'electron';
import { ENTRY_FLAG, type StdinMessage } from './utility-stdio-child.js';

/*
 * Server scripts in the packaged app (the filesystem, memory and PDF packages, and our own
 * servers in out/main/servers/).
 *
 * The problem: the packaged app ships with the RunAsNode fuse off, so `ELECTRON_RUN_AS_NODE=1
 * <app binary> server.js` — what the presets and resources/default-config.json run with
 * `${node}` — does not start a Node, and there may be no Node on the person's machine at all.
 *
 * The answer: run each such script in an Electron utility process (a Node environment the fuse
 * does not govern, which also reads from app.asar), and bridge it to stdio so the SDK client
 * still sees a child process:
 *   - `spawnBundledServer(entry, args, env)` forks out/main/utility-stdio-child.cjs with the
 *     script; stdout and stderr are real pipes (`stdio: 'pipe'`);
 *   - utility processes cannot have a piped stdin, so stdin is a Writable here whose chunks are
 *     posted to the child, where utility-stdio-child.ts feeds them into a stream it installs as
 *     `process.stdin` before importing the script;
 *   - the result looks like a ChildProcess (pid, stdin, stdout, stderr, kill, 'spawn'/'exit'/
 *     'error'), which is what the gateway's ProcessTransport needs.
 * app-launch.ts decides which commands come here; desktop-ports.ts plugs it in as the launcher.
 * `utility-stdio-child` is a `main` input in electron.vite.config.ts; utility processes load the
 * scripts straight from app.asar (a `.node` addon they load is unpacked by electron-builder's
 * `asarUnpack`, and Electron's fs finds it in app.asar.unpacked).
 */

/** A bundled server running in a utility process, shaped like the ChildProcess parts a stdio transport uses. */
export interface BundledServerProcess extends EventEmitter {
  readonly pid: number | undefined;
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Ends the process; true when it was running. */
  kill(): boolean;
}

/** Where the built child shim is (`out/main/utility-stdio-child.cjs`). */
export interface BundledServerOptions {
  shim: string;
  cwd?: string;
  /** Node options for the utility process (those given before the script). */
  execArgv?: string[];
  serviceName?: string;
}

/**
 * Starts `entry` (a server's JS entry file) with `args` and exactly `env`, in a utility process.
 * Emits 'spawn', 'exit' (code, null) and 'error' (Error), like a ChildProcess.
 */
export function spawnBundledServer(
  entry: string,
  args: string[],
  env: Record<string, string>,
  options: BundledServerOptions,
): BundledServerProcess {
  const child = utilityProcess.fork(options.shim, [ENTRY_FLAG, entry, ...args], {
    env,
    stdio: 'pipe',
    ...(options.execArgv?.length ? { execArgv: options.execArgv } : {}),
    serviceName:
      options.serviceName ?? `Switchboard server (${entry.split(/[\\/]/).slice(-3).join('/')})`,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  const events = new EventEmitter();
  const stdout = pipeOf(child.stdout);
  const stderr = pipeOf(child.stderr);
  const stdin = stdinFor(child, events);
  child.once('exit', (code) => events.emit('exit', code, null));
  child.on('error', (type, location) => events.emit('error', new Error(`${type} at ${location}`)));
  return Object.assign(events, {
    stdin,
    stdout,
    stderr,
    get pid() {
      return child.pid;
    },
    kill: () => child.kill(),
  });
}

/** A Writable whose chunks are posted to the child; queued until it has spawned. */
function stdinFor(child: UtilityProcess, events: EventEmitter): Writable {
  let spawned = false;
  const queue: StdinMessage[] = [];
  const post = (message: StdinMessage) =>
    spawned ? child.postMessage(message) : queue.push(message);
  child.once('spawn', () => {
    spawned = true;
    for (const message of queue.splice(0)) child.postMessage(message);
    events.emit('spawn');
  });
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      post({ type: 'data', bytes: new Uint8Array(chunk) });
      callback();
    },
    final(callback) {
      post({ type: 'end' });
      callback();
    },
  });
}

function pipeOf(stream: NodeJS.ReadableStream | null): Readable {
  const out = new PassThrough();
  if (stream) stream.pipe(out);
  else out.end();
  return out;
}
