import {
  ProtocolError,
  ProtocolErrorCode,
  type CallToolResult,
} from '@modelcontextprotocol/server';
import type { CallSignal } from '../call-signal.js';
import type { CatalogTool } from '../catalog/catalog.js';
import { GatewayError, errorMessage } from '../errors.js';
import type { Decision } from './policy.js';

/** Small pure helpers of the call pipeline: what is cacheable, result sizes, failure texts. */

/** Whether a tool's results may be cached: read-only and not destructive, or a rule says so. */
export function isCacheable(tool: CatalogTool, decision: Decision): boolean {
  if (decision.cacheable) return true;
  const hints = tool.original.annotations;
  return hints?.readOnlyHint === true && hints.destructiveHint !== true;
}

/**
 * The size of a result's payload (characters): its content's texts and data counted without
 * serialising them again, plus its structured content (serialised, when there is any). The size
 * limit and the response cache's byte bound both use it, so structured content sent beside a
 * short text (as the spec asks servers to) counts in full.
 */
export function approximateSize(result: CallToolResult): number {
  let size = 0;
  for (const item of result.content ?? []) {
    const c = item as { text?: string; data?: string; resource?: { text?: string; blob?: string } };
    size += (c.text?.length ?? 0) + (c.data?.length ?? 0);
    size += (c.resource?.text?.length ?? 0) + (c.resource?.blob?.length ?? 0);
  }
  if (result.structuredContent) size += JSON.stringify(result.structuredContent).length;
  return size;
}

/** A result over `limit` (its size measured once by the caller) refused clearly, not passed on. */
export function limitSize(
  serverId: string,
  result: CallToolResult,
  size: number,
  limit: number,
): CallToolResult {
  if (size <= limit) return result;
  return {
    content: [
      {
        type: 'text',
        text: `The result of server "${serverId}" is about ${size} bytes, over Switchboard's limit of ${limit} bytes. Ask for less (a smaller range, page or file).`,
      },
    ],
    isError: true,
  };
}

export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** A tool result's text for the audit line: text parts joined, other parts named by type. */
export function resultText(result: CallToolResult): string {
  const parts = Array.isArray(result.content) ? result.content : [];
  return parts
    .map((part) => (part.type === 'text' ? part.text : `[${part.type}]`))
    .join('\n')
    .slice(0, 4000);
}

/**
 * A failed tools/call as the agent sees it. JSON-RPC errors the server itself answered
 * (invalid arguments, say) are relayed as they are; anything else (a crash, a timeout, a server
 * that is down) becomes a tool result with `isError` that names the server, so the model can
 * read what happened. A call the agent cancelled is rethrown: the SDK sends no answer then.
 */
export function upstreamFailure(
  serverId: string,
  error: unknown,
  signal: CallSignal,
): CallToolResult {
  if (signal.aborted) throw error;
  if (error instanceof ProtocolError && error.code !== ProtocolErrorCode.InternalError) throw error;
  return { content: [{ type: 'text', text: describeFailure(serverId, error) }], isError: true };
}

export function describeFailure(serverId: string, error: unknown): string {
  if (error instanceof GatewayError) return error.message;
  const message = errorMessage(error);
  if (/timed? ?out/i.test(message))
    return `server "${serverId}" did not answer in time (${message})`;
  return `server "${serverId}" failed: ${message}`;
}
