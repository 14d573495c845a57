import { useState } from 'react';
import { exchangeToken } from '../api/http-control-client';
import { Icon } from './icons';
import './sign-in.css';

/**
 * Shown in place of a view when the gateway refuses this browser: says where the control token
 * is and takes it pasted. A good token buys a session cookie; the page then reloads on it.
 */
export function SignIn() {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const ok = await exchangeToken(token.trim());
    setBusy(false);
    if (ok) window.location.reload();
    else setError('Switchboard did not accept that token. Check that it is the whole line.');
  };
  return (
    <section className="view sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to Switchboard</h1>
      <p>
        This browser has no valid session (Switchboard restarted, or the page was opened without its
        token). The control token is in either of these places:
      </p>
      <ul>
        <li>
          the URL <code>switchboard serve</code> printed when it started (the part after{' '}
          <code>#token=</code>); open that URL again, or
        </li>
        <li>
          the file <code>control-token</code> in Switchboard&apos;s data directory (
          <code>--data-dir</code>, <code>SWITCHBOARD_DATA_DIR</code>, or by default{' '}
          <code>~/.config/Switchboard</code>, <code>~/Library/Application Support/Switchboard</code>{' '}
          or <code>%APPDATA%\Switchboard</code>).
        </li>
      </ul>
      <form onSubmit={(e) => void submit(e)} className="sign-in-form">
        <label htmlFor="sign-in-token">Control token</label>
        <input
          id="sign-in-token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          required
        />
        <button type="submit" className="button primary" disabled={busy || !token.trim()}>
          Sign in
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          <Icon name="warning" size={14} /> {error}
        </p>
      )}
    </section>
  );
}
