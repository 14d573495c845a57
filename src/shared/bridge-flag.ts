/**
 * The switch that makes the app's own binary run the stdio bridge (`switchboard connect`)
 * instead of the app: `<Switchboard binary> --switchboard-bridge connect --url URL`, with the
 * key in SWITCHBOARD_KEY. Read by the app's boot entry (src/main/boot.ts); written into Claude
 * Desktop's config by the gateway's snippets.
 */
export const BRIDGE_FLAG = '--switchboard-bridge';
