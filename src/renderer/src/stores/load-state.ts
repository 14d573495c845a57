/** Where a store's first load stands: views show a spinner, the data, or the error. */
export type LoadStatus = 'loading' | 'ready' | 'error';

/** A readable message from anything thrown (ControlError messages are written for people). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
