import type { Logger } from '../gateway/index.js';

/** What `installFatalHandlers` hooks into (the real `process`, or a test's stand-in). */
export interface FatalTarget {
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

/**
 * Logs every fatal error of `serve` before anything else happens: an uncaught exception is
 * logged (masked by the logger's redactor), said on stderr, and ends the process with code 1,
 * since its state is unknown; an unhandled rejection is logged and said, and the gateway goes
 * on serving (one failed promise must not drop every agent).
 */
export function installFatalHandlers(
  logger: Logger,
  err: (line: string) => void,
  exit: (code: number) => void,
  target: FatalTarget = process,
): void {
  target.on('uncaughtException', (error: Error) => {
    logger.error({ err: error }, `fatal: uncaught exception: ${error.message}`);
    err(`Switchboard stopped on an uncaught error: ${error.message} (see logs/switchboard.log)`);
    exit(1);
  });
  target.on('unhandledRejection', (reason: unknown) => {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    logger.error({ err: error }, `unhandled rejection: ${error.message}`);
    err(`Switchboard: an unhandled error was logged and ignored: ${error.message}`);
  });
}
