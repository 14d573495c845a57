import type { ControlApi } from '../../shared/control.js';
import type { SignInStatus } from '../../shared/sign-in.js';
import type { Output } from './admin.js';
import { UsageError, stringOption, type ParsedArgs } from './args.js';

type SignInApi = Pick<ControlApi, 'startSignIn' | 'getSignIn' | 'signOut'>;

/** How often `signin` asks whether the person finished in the browser. */
const POLL_INTERVAL_MS = 500;

/**
 * `switchboard signin SERVER [--client-id ID] [--scope S]`: prints the
 * page to open, waits until the sign-in completes (exit 0) or fails (exit 1, with the reason).
 * A client secret is read from $SWITCHBOARD_CLIENT_SECRET only, so it never shows in `ps`.
 */
export async function signInCommand(
  api: SignInApi,
  args: ParsedArgs,
  io: Output,
  env: NodeJS.ProcessEnv = process.env,
  sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<void> {
  const id = args.positionals[1];
  if (!id) throw new UsageError('signin needs a SERVER (see switchboard servers)');
  const clientId = stringOption(args, 'client-id');
  const clientSecret = env.SWITCHBOARD_CLIENT_SECRET;
  const scope = stringOption(args, 'scope');
  const { url } = await api.startSignIn({
    id,
    ...(clientId ? { clientId } : {}),
    ...(clientId && clientSecret ? { clientSecret } : {}),
    ...(scope ? { scope } : {}),
  });
  io.err(`Open this page to sign in to ${id}:`);
  io.out(url);
  let status: SignInStatus | null;
  do {
    await sleep(POLL_INTERVAL_MS);
    status = await api.getSignIn({ id });
  } while (status?.state === 'signing-in');
  if (status?.state !== 'signed-in') {
    io.err(`switchboard: ${id}: ${status?.reason ?? 'the sign-in did not complete'}`);
    process.exitCode = 1;
    return;
  }
  const who = status.signedInAs ? ` as ${status.signedInAs}` : '';
  const scopes = status.scopes.length > 0 ? ` (${status.scopes.join(' ')})` : '';
  io.err(`Signed in to ${id}${who}${scopes}.`);
}

/** `switchboard signout SERVER`: revokes the tokens where the server can, and forgets them. */
export async function signOutCommand(api: SignInApi, args: ParsedArgs, io: Output): Promise<void> {
  const id = args.positionals[1];
  if (!id) throw new UsageError('signout needs a SERVER (see switchboard servers)');
  const { revoked } = await api.signOut({ id });
  io.err(
    revoked
      ? `Signed out of ${id}; the authorization server revoked the tokens.`
      : `Signed out of ${id}; the tokens are forgotten (the server offers no revocation).`,
  );
}
