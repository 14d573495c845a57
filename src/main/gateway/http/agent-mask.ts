import { ProtocolError, type CallToolResult } from '@modelcontextprotocol/server';
import type { Config, ServerConfig } from '../../../shared/model.js';
import { errorMessage } from '../errors.js';
import { MASK, MIN_SECRET_LENGTH, isSecretKeyName, type Redactor } from '../observe/redact.js';

/**
 * Masking of what an agent receives. The audit and the logs were already masked; failure texts
 * went to the agent as the server wrote them, so a server that quoted its own token in an error
 * (`could not connect with sk-…`) handed that token to every agent allowed to call it.
 *
 * Masked for the agent: every failure text (a JSON-RPC error relayed from a server, the
 * gateway's own `server "x" failed: …`) and every `isError` result, with the gateway's redactor
 * (all configured secrets, credential shapes) plus the failing server's own configured values
 * (env variables and headers that are listed in `secrets` or have a secret-looking name, even
 * when nobody listed them).
 *
 * Not masked: a server's successful results. They are the data the agent asked for (a file
 * that contains a token, a server that reports its own settings); masking them would corrupt
 * that data and would not stop a server that wants to leak (it can encode the value). What a
 * server returns on success is the server's business, like what an allowed tool does.
 */
export interface AgentMask {
  /** `error` with its message masked, of the same kind (ProtocolError keeps its code). */
  error(serverId: string, error: unknown): unknown;
  /** An `isError` result with its texts masked; any other result unchanged. */
  result(serverId: string, result: CallToolResult): CallToolResult;
}

/** An agent mask over the gateway's `redactor` and the current config's servers. */
export function createAgentMask(redactor: Redactor, config: () => Config): AgentMask {
  const ownByConfig = new WeakMap<Config, Map<string, (s: string) => string>>();
  const maskFor = (serverId: string): ((s: string) => string) => {
    const current = config();
    let byServer = ownByConfig.get(current);
    if (!byServer) {
      byServer = new Map();
      ownByConfig.set(current, byServer);
    }
    let own = byServer.get(serverId);
    if (!own) {
      const server = current.servers.find((s) => s.id === serverId);
      own = literalMask(server ? ownSecretValues(server) : []);
      byServer.set(serverId, own);
    }
    const ownMask = own;
    return (s) => ownMask(redactor.text(s));
  };
  return {
    error(serverId, error) {
      const mask = maskFor(serverId);
      if (error instanceof ProtocolError) {
        return new ProtocolError(error.code, mask(error.message), error.data);
      }
      if (error instanceof Error) return withMessage(error, mask(error.message));
      return new Error(mask(errorMessage(error)));
    },
    result(serverId, result) {
      if (!result.isError) return result;
      const mask = maskFor(serverId);
      return { ...result, content: result.content?.map((item) => maskContent(item, mask)) ?? [] };
    },
  };
}

/**
 * The values of a server's configuration that must never reach an agent: env variables (stdio)
 * or headers (remote) named in `secrets` or with a secret-looking name (`GITHUB_TOKEN`,
 * `Authorization`, `x-api-key`).
 */
export function ownSecretValues(server: ServerConfig): string[] {
  const map = server.transport.type === 'stdio' ? server.transport.env : server.transport.headers;
  const listed = new Set(server.secrets);
  return Object.entries(map)
    .filter(([, value]) => value.length >= MIN_SECRET_LENGTH)
    .filter(([name]) => listed.has(name) || isSecretKeyName(name))
    .map(([, value]) => value);
}

/** A copy of `error` with another message, of the same class (so `instanceof` still holds). */
function withMessage(error: Error, message: string): Error {
  if (message === error.message) return error;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as Error, error);
  Object.defineProperty(copy, 'message', { value: message, writable: true, configurable: true });
  return copy;
}

function literalMask(values: string[]): (s: string) => string {
  if (values.length === 0) return (s) => s;
  const escaped = [...new Set(values)]
    .sort((a, b) => b.length - a.length)
    .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(escaped.join('|'), 'g');
  return (s) => s.replace(pattern, MASK);
}

type Content = NonNullable<CallToolResult['content']>[number];

function maskContent(item: Content, mask: (s: string) => string): Content {
  if (item.type === 'text') return { ...item, text: mask(item.text) };
  if (item.type === 'resource' && 'text' in item.resource) {
    return { ...item, resource: { ...item.resource, text: mask(item.resource.text) } };
  }
  return item;
}
