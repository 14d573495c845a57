import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import {
  CONTROL_CENTER_CALLER,
  ControlError,
  type ControlApi,
  type ServerCatalog,
  type TryToolResult,
} from '../../shared/control.js';
import { createRedactor, ownSecretValues } from '../gateway/index.js';
import type { Calls, Gateway, Redactor } from '../gateway/index.js';
import { roleOf, serverOf } from './config-edits.js';
import { serverToolView } from './tool-view.js';

/** What `tryTool` calls through: the agents' own pipeline, and the gateway's redactor. */
export interface TryToolDeps {
  calls: Pick<Calls, 'callTool'>;
  redactor: Redactor;
}

type ServerPageMethods = Pick<ControlApi, 'getServerCatalog' | 'tryTool'>;

/**
 * The control methods behind a server's page: what the server offers, and a person's call of
 * one of its tools. The call goes through `Calls.callTool`, exactly as an agent's does, so a
 * deny rule refuses it, an ask rule queues it for approval, and it gets an audit line; the
 * caller is `control-center` under the role the person chose.
 */
export function createServerPageMethods(gateway: Gateway, deps?: TryToolDeps): ServerPageMethods {
  return {
    async getServerCatalog({ id }) {
      serverOf(gateway.config, id);
      return serverCatalog(gateway, id);
    },
    async tryTool({ role, tool, arguments: args }): Promise<TryToolResult> {
      if (!deps) throw new ControlError('unavailable', 'calling tools is not available here');
      roleOf(gateway.config, role);
      const ctx: Parameters<Calls['callTool']>[3] = {
        principal: { keyName: CONTROL_CENTER_CALLER, role },
        // The person's call runs to its end: a closed tab leaves it to the approval timeout.
        signal: new AbortController().signal,
      };
      const serverId = gateway.catalog.tool(tool)?.serverId ?? tool.split('__')[0] ?? '';
      const mask = maskFor(gateway, deps.redactor, serverId);
      try {
        const result = await deps.calls.callTool({}, tool, args ?? {}, ctx);
        return {
          isError: result.isError === true,
          result: mask(result) as Record<string, unknown>,
        };
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        const message = String(mask(error.message));
        if (error.code === ProtocolErrorCode.InvalidParams) {
          throw new ControlError(
            message.startsWith('Unknown tool') ? 'not_found' : 'invalid_input',
            message,
          );
        }
        throw new ControlError('unavailable', message);
      }
    },
  };
}

/** Masks a value for the person's eyes: every known secret, and the server's own values. */
function maskFor(gateway: Gateway, redactor: Redactor, serverId: string) {
  const server = gateway.config.servers.find((s) => s.id === serverId);
  const own = createRedactor(server ? ownSecretValues(server) : []);
  return (value: unknown) => own.value(redactor.value(value));
}

/** One server's tools (with every role's decision), resources, templates and prompts. */
export function serverCatalog(gateway: Gateway, id: string): ServerCatalog {
  const lists = gateway.catalog.listsOf(id);
  const config = gateway.config;
  return {
    id,
    tools: gateway.catalog.toolsOf(id).map((tool) => serverToolView(config, tool)),
    resources: [
      ...lists.resources.map((r) => ({
        uri: r.uri,
        template: false,
        name: r.name,
        ...optionalTexts(r),
      })),
      ...lists.resourceTemplates.map((r) => ({
        uri: r.uriTemplate,
        template: true,
        name: r.name,
        ...optionalTexts(r),
      })),
    ],
    prompts: lists.prompts.map((p) => ({
      name: p.name,
      ...optionalTexts(p),
      arguments: (p.arguments ?? []).map((a) => ({
        name: a.name,
        ...(a.description ? { description: a.description } : {}),
        required: a.required === true,
      })),
    })),
  };
}

function optionalTexts(item: { title?: string; description?: string; mimeType?: string }) {
  return {
    ...(item.title ? { title: item.title } : {}),
    ...(item.description ? { description: item.description } : {}),
    ...(item.mimeType ? { mimeType: item.mimeType } : {}),
  };
}
