import { useState } from 'react';
import type { ServerView } from '../../../../shared/model';
import { useAction } from '../../components/use-action';
import './sign-in-strip.css';

/** What the strip needs to act. */
export interface SignInActions {
  startSignIn(id: string): Promise<string>;
  signOut(id: string): Promise<void>;
}

/**
 * A remote server's OAuth sign-in: "Sign in" (the provider's page opens in the browser) while
 * it needs one, then who signed in, the scopes and until when, and "Sign out".
 */
export function SignInStrip({ server, actions }: { server: ServerView; actions: SignInActions }) {
  const { status, signIn } = server;
  const { busy, run } = useAction();
  const [page, setPage] = useState<string>();
  if (!signIn) return null;
  const start = () =>
    run(async () => {
      const url = await actions.startSignIn(status.id);
      setPage(url);
      window.open(url, '_blank', 'noopener,noreferrer');
    });
  if (signIn.state === 'signed-in') {
    const until = signIn.expiresAt ? new Date(signIn.expiresAt).toLocaleTimeString() : undefined;
    return (
      <div className="sign-in-strip" aria-label={`Sign-in of ${status.name}`}>
        <span>
          Signed in{signIn.signedInAs ? ` as ${signIn.signedInAs}` : ''}
          {signIn.scopes.length > 0 && <span className="muted"> · {signIn.scopes.join(' ')}</span>}
          {until && <span className="muted"> · token until {until}, renewed on its own</span>}
        </span>
        <button
          type="button"
          className="sign-in-button"
          disabled={busy}
          onClick={() => void run(() => actions.signOut(status.id), `Signed out of ${status.name}`)}
        >
          Sign out
        </button>
      </div>
    );
  }
  return (
    <div className="sign-in-strip needs" aria-label={`Sign-in of ${status.name}`}>
      <span>
        {signIn.state === 'signing-in'
          ? 'Waiting for the sign-in to finish in your browser…'
          : `Needs sign-in${signIn.reason ? `: ${signIn.reason}` : ''}`}
      </span>
      {page && signIn.state === 'signing-in' && (
        <a href={page} target="_blank" rel="noreferrer">
          Open the sign-in page
        </a>
      )}
      <button type="button" className="sign-in-button" disabled={busy} onClick={() => void start()}>
        Sign in
      </button>
    </div>
  );
}
