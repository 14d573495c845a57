import type { z } from 'zod';

/** Codes of the gateway's own failures; each maps to one way of answering an agent. */
export type GatewayErrorCode =
  | 'unknown_tool'
  | 'unknown_resource'
  | 'unknown_prompt'
  | 'server_unavailable'
  | 'timeout'
  | 'cancelled'
  | 'upstream_error'
  | 'denied'
  | 'result_too_large'
  | 'config_invalid'
  | 'internal';

/** The one internal error class: a code, a message that says what to do, and the cause. */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;

  constructor(code: GatewayErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GatewayError';
    this.code = code;
  }
}

/** The message of any thrown value, for logs and status lines. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/** zod issues as one line: up to three `path: message` pairs. */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}
