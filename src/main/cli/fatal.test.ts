import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, createRedactor } from '../gateway/index.js';
import { installFatalHandlers } from './fatal.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('fatal errors of serve', () => {
  it('are logged to the file, masked, before the process ends', () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-fatal-'));
    const file = join(dir, 'logs', 'switchboard.log');
    const redactor = createRedactor();
    redactor.add('sb_secret-in-the-error-1234567890');
    const logger = createLogger({ level: 'info', destination: file, redactor });
    const target = new EventEmitter();
    const said: string[] = [];
    const exits: number[] = [];
    installFatalHandlers(
      logger,
      (line) => said.push(line),
      (code) => exits.push(code),
      target,
    );

    target.emit('unhandledRejection', new Error('lost promise'));
    expect(exits).toEqual([]);
    target.emit('uncaughtException', new Error('boom sb_secret-in-the-error-1234567890'));
    expect(exits).toEqual([1]);

    const log = readFileSync(file, 'utf8');
    expect(log).toContain('unhandled rejection: lost promise');
    expect(log).toContain('fatal: uncaught exception: boom');
    expect(log).not.toContain('sb_secret-in-the-error-1234567890');
    expect(said.join('\n')).toContain('see logs/switchboard.log');
  });
});
