import { loadedClientSdk } from './client-sdk.js';

/** What a health probe concluded about one replica. */
export type Liveness = 'alive' | 'dead';

/** The parts of a replica a probe needs. */
export interface Probed {
  /** Epoch ms at which the server last sent bytes (0: never). */
  readonly lastReceivedAt: number;
  ping(timeoutMs: number): Promise<void>;
}

/**
 * Whether a probe's error still proves the server alive: a JSON-RPC error response, or an answer
 * the SDK could not validate, is an answer. Silence, a closed connection or a failed send is not.
 */
export function isAnswer(error: unknown): boolean {
  const sdk = loadedClientSdk();
  if (!sdk) return false;
  if (error instanceof sdk.ProtocolError) return true;
  if (!(error instanceof sdk.SdkError)) return false;
  // SDK failures that say nothing came back: the only ones that make a probe fail.
  const { RequestTimeout, ConnectionClosed, NotConnected, SendFailed } = sdk.SdkErrorCode;
  return ![RequestTimeout, ConnectionClosed, NotConnected, SendFailed].includes(error.code);
}

/**
 * Probes one replica without harming its work: a server that sent bytes within `quietMs` (a
 * large answer still arriving) is alive without a probe; any answer to the probe, even an error
 * or one that fails validation, is alive; and a probe that timed out while bytes kept arriving
 * (stuck behind a large result on the pipe) is alive too.
 */
export async function probe(
  replica: Probed,
  timeoutMs: number,
  quietMs: number,
): Promise<Liveness> {
  const started = Date.now();
  if (started - replica.lastReceivedAt < quietMs) return 'alive';
  try {
    await replica.ping(timeoutMs);
    return 'alive';
  } catch (error) {
    if (isAnswer(error) || replica.lastReceivedAt >= started) return 'alive';
    return 'dead';
  }
}
