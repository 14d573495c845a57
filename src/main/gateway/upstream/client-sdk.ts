import type * as ClientSdk from '@modelcontextprotocol/client';

/** The MCP client SDK module. */
export type ClientSdkModule = typeof ClientSdk;

let loaded: ClientSdkModule | undefined;
let loading: Promise<ClientSdkModule> | undefined;

/**
 * Loads the MCP client SDK, once. Only a server starting or a sign-in needs it: building its
 * schemas is most of the gateway's start-up work, so an everyday start (every server asleep,
 * lists remembered) never loads it.
 */
export function loadClientSdk(): Promise<ClientSdkModule> {
  loading ??= import('@modelcontextprotocol/client').then((sdk) => (loaded = sdk));
  return loading;
}

/**
 * The client SDK if it is loaded, else undefined. Its errors exist only once it is: code that
 * asks whether a value is one of them answers no without loading it.
 */
export function loadedClientSdk(): ClientSdkModule | undefined {
  return loaded;
}
