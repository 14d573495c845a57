import { chmodSync, closeSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino, type DestinationStream, type Level, type Logger as PinoLogger } from 'pino';
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

/**
 * A pino logger writing JSON lines to stderr or a file, with every line masked by the redactor.
 * stdout is never used: in `switchboard connect` it carries the MCP stream.
 */
export function createLogger(options: LoggerOptions): PinoLogger {
  const { redactor } = options;
  const root = pino(
    {
      level: options.level,
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
    openDestination(options.destination),
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

function openDestination(destination: string | DestinationStream | undefined): DestinationStream {
  if (destination === undefined) return pino.destination({ dest: 2, sync: true });
  if (typeof destination === 'string') {
    // pino would create the folder and file with the umask (0755/0644): make them private first.
    ensurePrivateDir(dirname(destination));
    closeSync(openSync(destination, 'a', 0o600));
    chmodSync(destination, 0o600);
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
