import {
  ControlError,
  controlInputs,
  isControlMethod,
  type ControlApi,
  type ControlResult,
} from '../../shared/control.js';
import { GatewayError } from '../gateway/index.js';

/** Calls one control method by name with untrusted input; always answers with an envelope. */
export type Dispatch = (method: string, input: unknown) => Promise<ControlResult<unknown>>;

/**
 * The one place where a transport (IPC or HTTP) turns `(method, raw input)` into a call: the
 * method name is checked against the contract, the input is validated with its zod schema, and
 * every failure comes back as a value (`{ ok: false, error }`), never as a thrown object.
 */
export function createDispatch(
  api: ControlApi,
  onInternalError?: (error: unknown) => void,
): Dispatch {
  return async (method, input) => {
    if (!isControlMethod(method)) {
      return failure('not_found', `no control method "${method}"`);
    }
    const parsed = controlInputs[method].safeParse(input ?? undefined);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      return failure(
        'invalid_input',
        `invalid input for ${method}${where}: ${issue?.message ?? 'invalid'}`,
      );
    }
    try {
      const call = api[method] as (arg: unknown) => Promise<unknown>;
      const value = await call.call(api, parsed.data);
      return { ok: true, value: value ?? null };
    } catch (error) {
      if (error instanceof ControlError) return failure(error.code, error.message);
      if (error instanceof GatewayError && error.code === 'config_invalid') {
        return failure('invalid_input', error.message);
      }
      onInternalError?.(error);
      return failure('internal', error instanceof Error ? error.message : 'internal error');
    }
  };
}

function failure(code: ControlError['code'], message: string): ControlResult<never> {
  return { ok: false, error: { code, message } };
}
