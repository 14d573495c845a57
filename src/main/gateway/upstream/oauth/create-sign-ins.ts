import { join } from 'node:path';
import type { Gateway } from '../../gateway.js';
import type { Redactor } from '../../observe/redact.js';
import type { Logger, Notifier, SecretStore } from '../../ports.js';
import { errorMessage } from '../../errors.js';
import { OAUTH_CALLBACK_PATH } from './callback-route.js';
import { OAuthStore } from './oauth-store.js';
import { OAuthSignIns } from './sign-ins.js';

/** The ports the sign-ins need from an entry. */
export interface SignInPorts {
  dataDir: string;
  secrets: SecretStore;
  logger: Logger;
  notifier?: Notifier;
  oauthClientMetadataUrl?: string;
  openSignInPage?: (url: string) => void;
}

/**
 * The OAuth sign-ins of one Switchboard: tokens in `oauth.json` of the data directory (sealed
 * by the SecretStore), the loopback redirect under Switchboard's own origin, every token value
 * masked by the redactor, a finished sign-in or a refused refresh restarting the server.
 */
export function createSignIns(
  ports: SignInPorts,
  redactor: Redactor,
  gateway: Gateway,
  origin: () => string,
  changed: (serverId: string) => void,
  /** Tells the control center (an event) that a person must sign in again. */
  announce: (serverId: string, reason: string) => void = () => {},
): OAuthSignIns {
  const { logger } = ports;
  const store = new OAuthStore(join(ports.dataDir, 'oauth.json'), ports.secrets, (message) =>
    logger.warn(message),
  );
  const restart = (id: string) =>
    void gateway.restartServer(id).catch((error: unknown) => {
      logger.warn(
        { server: id, err: redactor.text(errorMessage(error)) },
        `server ${id}: restart failed`,
      );
    });
  return new OAuthSignIns({
    store,
    redirectUrl: () => `${origin()}${OAUTH_CALLBACK_PATH}`,
    ...(ports.oauthClientMetadataUrl ? { clientMetadataUrl: ports.oauthClientMetadataUrl } : {}),
    onSecret: (value) => redactor.add(value),
    serverUrl: (id) => {
      const server = gateway.config.servers.find((s) => s.id === id);
      return server && server.transport.type !== 'stdio' ? server.transport.url : undefined;
    },
    ...(ports.openSignInPage ? { onStarted: ports.openSignInPage } : {}),
    events: {
      changed,
      signedIn: (id) => {
        logger.info({ server: id }, `server ${id}: signed in`);
        restart(id);
      },
      signedOut: (id) => gateway.reconnectServer(id, 'signed out'),
      needsSignIn: (id, reason, tokensLeft) => {
        logger.warn({ server: id }, `server ${id} needs sign-in: ${reason}`);
        ports.notifier?.notify('Sign-in needed', `${id}: ${reason}. Open Switchboard to sign in.`);
        announce(id, reason);
        // Calls fail with the reason; without tokens left a fresh connection shows the state.
        if (!tokensLeft) gateway.reconnectServer(id, `needs sign-in: ${reason}`);
      },
    },
  });
}
