import type { ServerResponse } from 'node:http';
import type { KeyRecord } from '../../../shared/model.js';

/**
 * The names of the keys that still admit an agent at `now`: present in the config and not
 * expired. An unparseable expiry counts as expired, as in `createKeyRing`.
 */
export function liveKeyNames(keys: readonly KeyRecord[], now: number): Set<string> {
  const live = new Set<string>();
  for (const key of keys) {
    const expiresAt = key.expiresAt === undefined ? undefined : Date.parse(key.expiresAt);
    if (expiresAt === undefined || expiresAt > now) live.add(key.name);
  }
  return live;
}

/**
 * Every response an agent key holds open: requests in flight (whose calls run downstream) and
 * event streams (a legacy session's GET stream, a 2026-era subscription). Revoking a key only
 * refused its next request; what it already held kept running and kept receiving
 * notifications. `endUnless` ends them at once: the socket closes, the SDK aborts the
 * request's signal, and the call's AbortSignal cancels it downstream.
 */
export class OpenResponses {
  private readonly byKey = new Map<string, Set<ServerResponse>>();

  /** Remembers `res` under `keyName` until it closes. */
  track(keyName: string, res: ServerResponse): void {
    let open = this.byKey.get(keyName);
    if (!open) {
      open = new Set();
      this.byKey.set(keyName, open);
    }
    open.add(res);
    // `on`, not `once`: a response closes once, and `once` wraps the listener per request.
    res.on('close', () => {
      open.delete(res);
      if (open.size === 0 && this.byKey.get(keyName) === open) this.byKey.delete(keyName);
    });
  }

  /** How many responses of `keyName` are open: its requests in flight. */
  count(keyName: string): number {
    return this.byKey.get(keyName)?.size ?? 0;
  }

  /** Destroys every response of a key not in `live`; returns the keys whose responses ended. */
  endUnless(live: ReadonlySet<string>): string[] {
    const ended: string[] = [];
    for (const [keyName, open] of this.byKey) {
      if (live.has(keyName)) continue;
      ended.push(keyName);
      this.byKey.delete(keyName);
      for (const res of open) res.destroy();
    }
    return ended;
  }
}
