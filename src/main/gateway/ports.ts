import type { Config } from '../../shared/model.js';

/**
 * The ports the gateway defines and the entries fill in: plain Node adapters for `serve` and
 * tests, Electron adapters (desktop/) for the app. The gateway only ever sees these interfaces.
 */

/** Milliseconds since the epoch; injected so tests control time. */
export interface Clock {
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** One log method, in pino's calling convention: a message, or an object and an optional message. */
export interface LogFn {
  (msg: string): void;
  (obj: object, msg?: string): void;
}

/** The subset of pino's logger the gateway uses; a pino logger satisfies it as is. */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  /** A logger that adds `bindings` to every line. */
  child(bindings: Record<string, unknown>): Logger;
}

/**
 * Seals secrets before they are persisted (safeStorage on the desktop).
 * `decrypt(encrypt(x)) === x`; `decrypt` throws on a value it cannot open.
 */
export interface SecretStore {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

/** The headless secret store: the identity, because plain Node has no OS keychain to lean on. */
export const plainSecretStore: SecretStore = {
  encrypt: (plain) => plain,
  decrypt: (sealed) => sealed,
};

/** Shows a message to the person at the machine (a desktop notification, or a log line). */
export interface Notifier {
  notify(title: string, body: string): void;
}

/** What loading the config produced. */
export interface LoadResult {
  /** A valid config, always: the file, else the last good one, else the embedded default. */
  config: Config;
  /** One line per thing the person should know (a file moved aside, a migration), saying what to do. */
  warnings: string[];
  /** True when no config existed and the default was written. */
  created: boolean;
}

/**
 * Where the config lives. `load` never throws for a bad file (it recovers and warns) and
 * never silently resets; `save` writes atomically and throws if the config is invalid.
 */
export interface ConfigStore {
  load(): LoadResult;
  save(config: Config): void;
  /** Calls `onChange` after an external edit that changes the config; returns an unsubscribe. */
  watch(onChange: (result: LoadResult) => void): () => void;
  /** Absolute path of the config file. */
  readonly path: string;
}
