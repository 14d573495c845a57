import { ControlError, type ControlApi } from '../../shared/control.js';
import type { Config } from '../../shared/model.js';
import { errorMessage } from '../gateway/index.js';
import type { OAuthSignIns } from '../gateway/index.js';

type SignInMethods = Pick<ControlApi, 'startSignIn' | 'getSignIn' | 'signOut'>;

/**
 * The control methods of OAuth sign-ins to remote servers. What crosses is the page to open,
 * who signed in, the scopes and the expiry: never a token.
 */
export function createSignInMethods(
  signIns: OAuthSignIns | undefined,
  config: () => Config,
): SignInMethods {
  const remote = (id: string) => {
    const server = config().servers.find((s) => s.id === id);
    if (!server) throw new ControlError('not_found', `no server "${id}"; see switchboard servers`);
    if (server.transport.type === 'stdio') {
      throw new ControlError('invalid_input', `server "${id}" runs locally: it has no sign-in`);
    }
    if (!signIns) throw new ControlError('unavailable', 'sign-ins are not available here');
    return signIns;
  };
  return {
    async startSignIn(input) {
      try {
        return await remote(input.id).start(input);
      } catch (error) {
        if (error instanceof ControlError) throw error;
        // Discovery or registration failed: say why (the SDK's messages carry no token).
        throw new ControlError(
          'unavailable',
          `could not start the sign-in: ${errorMessage(error)}`,
        );
      }
    },
    async getSignIn({ id }) {
      return remote(id).status(id) ?? null;
    },
    async signOut({ id }) {
      return remote(id).signOut(id);
    },
  };
}
