import type { ServerView } from '../../../../shared/model';
import { Dialog } from '../../components/dialog';
import { SignInStrip, type SignInActions } from './sign-in-strip';

/**
 * Right after a server that signs people in (an OAuth preset) is added: its sign-in, so the
 * person does not have to find the row's button. "Sign in" opens the provider's page; once it
 * is done the strip says who signed in and the dialog offers Done. Later leaves the row's
 * button for another time.
 */
export function SignInDialog({
  id,
  provider,
  server,
  actions,
  onClose,
}: {
  id: string;
  /** Who signs the person in (Linear, Notion…). */
  provider: string;
  /** The server as the store has it now; undefined for a moment after adding. */
  server: ServerView | undefined;
  actions: SignInActions;
  onClose: () => void;
}) {
  const signedIn = server?.signIn?.state === 'signed-in';
  // Until the first connection reports it, the new server has no sign-in state: it needs one.
  const shown: ServerView | undefined = server && {
    ...server,
    signIn: server.signIn ?? { state: 'needs-signin', scopes: [], reason: 'not signed in yet' },
  };
  return (
    <Dialog
      title={`Sign in to ${provider}`}
      open
      onClose={onClose}
      footer={
        <button type="button" className={signedIn ? 'button primary' : 'button'} onClick={onClose}>
          {signedIn ? 'Done' : 'Later'}
        </button>
      }
    >
      <p className="sheet-intro">
        {provider} signs you in on its own page, in your browser. Switchboard keeps the token it
        issues and sends it to {id} alone; your agents never see it.
      </p>
      {shown ? (
        <SignInStrip server={shown} actions={actions} />
      ) : (
        <p className="muted small">Adding {id}…</p>
      )}
      {!signedIn && (
        <p className="muted small">
          Until then its tools fail with “needs sign-in”. Later, the Sign in button is on its row.
        </p>
      )}
    </Dialog>
  );
}
