import type { ServerToolView } from '../../shared/control.js';
import type { Config, DecisionView, Role, ToolView } from '../../shared/model.js';
import { decideTool, defaultDecision } from '../gateway/index.js';
import type { CatalogTool } from '../gateway/index.js';

/** A catalog tool as the permissions grid shows it: its facts and every role's decision. */
export function toolView(config: Config, tool: CatalogTool): ToolView {
  const hints = tool.original.annotations ?? {};
  const decisions: Record<string, DecisionView> = {};
  for (const role of config.roles as Role[])
    decisions[role.name] = decideTool(config, role.name, tool);
  return {
    name: tool.name,
    serverId: tool.serverId,
    originalName: tool.original.name,
    ...(tool.original.title ? { title: tool.original.title } : {}),
    description: tool.original.description ?? '',
    inputSchema: tool.original.inputSchema as Record<string, unknown>,
    annotations: {
      readOnly: hints.readOnlyHint === true,
      destructive: hints.destructiveHint === true,
      idempotent: hints.idempotentHint === true,
      openWorld: hints.openWorldHint !== false,
    },
    decisions,
    defaultAction: defaultDecision(
      { name: tool.name, serverId: tool.serverId, annotations: hints },
      config.servers.find((s) => s.id === tool.serverId)?.defaultAction,
    ).action,
  };
}

/** The same, with what a server's page adds: the output schema and the raw annotations. */
export function serverToolView(config: Config, tool: CatalogTool): ServerToolView {
  const output = tool.original.outputSchema as Record<string, unknown> | undefined;
  return {
    ...toolView(config, tool),
    ...(output ? { outputSchema: output } : {}),
    hints: { ...(tool.original.annotations ?? {}) },
  };
}
