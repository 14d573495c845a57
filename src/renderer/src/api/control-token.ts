/**
 * Reads the control token from `#token=…` once at start and strips it from the address bar,
 * so it lives only in memory: never in storage, history, or a URL sent anywhere.
 */
export function takeControlToken(location: Location, history: History): string | undefined {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = params.get('token') ?? undefined;
  if (token !== undefined)
    history.replaceState(history.state, '', location.pathname + location.search);
  return token;
}
