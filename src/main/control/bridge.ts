import {
  CONTROL_METHODS,
  type ControlApi,
  type ControlMethod,
  type ControlResult,
} from '../../shared/control.js';
import { createDispatch } from './dispatch.js';

/*
 * The main half of the IPC bridge, derived from the contract: a handler per control method,
 * registered by desktop/ipc.ts. The renderer half is src/shared/bridge.ts (the preload's).
 */

/** Handles one IPC request: untrusted input in, an envelope out; never throws. */
export type IpcHandler = (input: unknown) => Promise<ControlResult<unknown>>;

/**
 * The handler of every control method, keyed by method: each validates its input with
 * `controlInputs` (the renderer is untrusted) and answers with a `ControlResult`, errors as values.
 */
export function createIpcHandlers(
  control: ControlApi,
  onInternalError?: (error: unknown) => void,
): Record<ControlMethod, IpcHandler> {
  const dispatch = createDispatch(control, onInternalError);
  return Object.fromEntries(
    CONTROL_METHODS.map((method) => [method, (input: unknown) => dispatch(method, input)]),
  ) as Record<ControlMethod, IpcHandler>;
}
