import { useCallback, useState } from 'react';
import { useStores } from '../stores-context';
import { messageOf } from '../stores/load-state';

/**
 * Runs an action for a button: tracks `busy`, and turns a failure into an error notice (and a
 * success into an info notice when given one) instead of an unhandled rejection.
 */
export function useAction() {
  const { notices } = useStores();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T>(action: () => Promise<T>, success?: string): Promise<T | undefined> => {
      setBusy(true);
      try {
        const value = await action();
        if (success) notices.getState().push('info', success);
        return value;
      } catch (error) {
        notices.getState().push('error', messageOf(error));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [notices],
  );
  return { busy, run };
}
