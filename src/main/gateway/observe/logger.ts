import { chmodSync, closeSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { DestinationStream, Level, Logger as PinoLogger, pino as Pino } from 'pino';
import type { Logger } from '../ports.js';
import { ensurePrivateDir } from '../config/files.js';
import type { Redactor } from './redact.js';

/** Options of `createLogger`. */
export interface LoggerOptions {
  level: Level | 'silent';
  /** A file path (created with its folder, appended to) or a stream; stderr when absent. */
  destination?: string | DestinationStream;
  /** Every message, object and binding passes through it before it is written. */
  redactor: Redactor;
}

/** One log method as pino takes it: the port's forms, plus format arguments (`'%s'`). */
export type FormatLogFn = (objOrMsg: object | string, ...args: unknown[]) => void;

/** What `createLogger` makes: the gateway's `Logger` port in pino's calling convention. */
export interface AppLogger extends Logger {
  debug: FormatLogFn;
  info: FormatLogFn;
  warn: FormatLogFn;
  error: FormatLogFn;
  child(bindings: Record<string, unknown>): AppLogger;
  /** Writes out what is buffered (nothing is, with the synchronous destinations used here). */
  flush(): void;
}

/**
 * A pino logger writing JSON lines to stderr or a file, with every line masked by the redactor.
 * stdout is never used: in `switchboard connect` it carries the MCP stream.
 *
 * pino (with its streams and worker plumbing) is loaded at the first line written at the
 * logger's level, not before: an everyday start of `serve` logs nothing until its first agent
 * has its tool list, and loading pino took about a tenth of that start (`npm run bench:start`).
 * A log file is created (0600, in a private folder) at once all the same.
 */
export function createLogger(options: LoggerOptions): AppLogger {
  const { redactor } = options;
  const threshold = options.level === 'silent' ? Infinity : LEVELS[options.level];
  const { destination } = options;
  if (typeof destination === 'string') prepareFile(destination);
  let root: PinoLogger | undefined;
  const realRoot = (): PinoLogger => {
    root ??= createPinoLogger(options.level, redactor, destination);
    return root;
  };
  return lazyLogger(realRoot, threshold);
}

/** Numeric pino levels of the methods the gateway's `Logger` port has. */
const LEVELS: Record<Level, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};

/**
 * A `Logger` that makes its pino logger on the first line at or above `threshold`; lines below
 * it are dropped without loading pino, as pino itself would drop them. A child keeps its
 * bindings until it writes; its pino child masks them then.
 */
function lazyLogger(real: () => PinoLogger, threshold: number): AppLogger {
  let made: PinoLogger | undefined;
  const get = () => (made ??= real());
  const method = (level: 'debug' | 'info' | 'warn' | 'error'): FormatLogFn => {
    if (LEVELS[level] < threshold) return noop;
    return (...args) => (get()[level] as FormatLogFn)(...args);
  };
  return {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    // Made when the child first writes (a server's child logger is made at start-up, and most
    // never write a line); pino's own child masks the bindings then (maskChildBindings).
    child: (bindings) => lazyLogger(() => get().child(bindings), threshold),
    flush: () => made?.flush(),
  };
}

/** pino, loaded on first use (see createLogger). */
function loadPino(): { pino: typeof Pino } {
  return createRequire(import.meta.url)('pino') as { pino: typeof Pino };
}

function createPinoLogger(
  level: Level | 'silent',
  redactor: Redactor,
  destination: string | DestinationStream | undefined,
): PinoLogger {
  const { pino } = loadPino();
  const root = pino(
    {
      level,
      base: undefined,
      hooks: {
        logMethod(args, method) {
          method.apply(this, maskArgs(args, redactor) as Parameters<typeof method>);
        },
      },
      formatters: {
        bindings: (bindings) => redactor.value(bindings) as Record<string, unknown>,
      },
    },
    openDestination(pino, destination),
  );
  return maskChildBindings(root, root.child, redactor);
}

/**
 * pino applies `formatters.bindings` to the root only (children reset it), so every child's
 * bindings are masked here, on each instance, calling pino's own `child` underneath.
 */
function maskChildBindings(
  logger: PinoLogger,
  pinoChild: PinoLogger['child'],
  redactor: Redactor,
): PinoLogger {
  const child = (bindings: Record<string, unknown>, childOptions?: object): PinoLogger => {
    const masked = redactor.value(bindings) as Record<string, unknown>;
    const created = pinoChild.call(logger, masked, childOptions) as unknown as PinoLogger;
    return maskChildBindings(created, pinoChild, redactor);
  };
  logger.child = child as unknown as PinoLogger['child'];
  return logger;
}

/** Creates the log file and its folder private (pino would use the umask: 0755/0644). */
function prepareFile(file: string): void {
  ensurePrivateDir(dirname(file));
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

function openDestination(
  pino: typeof Pino,
  destination: string | DestinationStream | undefined,
): DestinationStream {
  if (destination === undefined) return pino.destination({ dest: 2, sync: true });
  if (typeof destination === 'string') {
    return pino.destination({ dest: destination, append: true, sync: true });
  }
  return destination;
}

/** Masks pino's call arguments; an Error passed first goes under `err`, as pino would put it. */
function maskArgs(args: readonly unknown[], redactor: Redactor): unknown[] {
  const [first] = args;
  if (first instanceof Error && args.length === 1) {
    return [{ err: maskError(first, redactor) }, redactor.text(first.message)];
  }
  return args.map((arg, index) => {
    if (typeof arg === 'string') return redactor.text(arg);
    if (index === 0 && arg instanceof Error) return { err: maskError(arg, redactor) };
    const masked = redactor.value(arg);
    const err = (arg as { err?: unknown } | null)?.err;
    if (err instanceof Error) (masked as Record<string, unknown>).err = maskError(err, redactor);
    return masked;
  });
}

/** A masked copy that is still an instance of the same class, so pino's `err` serializer names its type. */
function maskError(error: Error, redactor: Redactor): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  const { type: _type, ...fields } = redactor.value(error) as Record<string, unknown>;
  return Object.assign(copy, fields);
}

const noop = (): void => {};

/** A logger that drops everything, for tests and callers that do not care. */
export const silentLogger: Logger = {
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentLogger,
};

// Fails to compile if a pino logger ever stops fitting the gateway's `Logger` port.
const _pinoFitsThePort: PinoLogger extends Logger ? true : false = true;
