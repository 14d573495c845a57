/**
 * The lean lane's switch. On (the default), hot requests on established sessions skip the
 * SDK's per-request machinery on both sides of the gateway: the agent's `tools/call` and
 * `resources/read` (http/lean-lane.ts) and the upstream request that carries them
 * (upstream/lean-requests.ts). Off, every request takes the SDK path: tests run each case both
 * ways and compare what the agent sees, and `SWITCHBOARD_LEAN=off` lets the benchmark compare
 * the two paths in one build.
 */
export const lean = {
  enabled: process.env.SWITCHBOARD_LEAN !== 'off',
  /** The 2026-07-28 agent lane; `SWITCHBOARD_LEAN=no-modern` turns it alone off (benchmark). */
  modern: process.env.SWITCHBOARD_LEAN !== 'no-modern',
};

/** Turns the lean lane on or off for requests that start from now on (tests). */
export function setLean(enabled: boolean): void {
  lean.enabled = enabled;
}

/**
 * Bypasses the 2026-07-28 agent lane alone (http/lean-modern.ts), the upstream side staying as
 * it is: tests compare that lane's bytes with the SDK path's over the same upstream requests.
 */
export function setModernLane(enabled: boolean): void {
  lean.modern = enabled;
}
