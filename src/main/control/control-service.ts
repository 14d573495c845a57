import {
  AuditQuerySchema,
  ControlError,
  type ControlApi,
  type ControlEvent,
  type CreatedKey,
  type DecideApprovalResult,
  type ImportResult,
} from '../../shared/control.js';
import {
  ConfigSchema,
  McpServersFileSchema,
  ServerConfigSchema,
  type Config,
  type DecisionView,
  type KeyView,
  type MetricsSnapshot,
  type Overview,
  type Role,
  type RuleCondition,
  type ServerView,
  type ToolView,
} from '../../shared/model.js';
import type { Approvals } from '../gateway/pipeline/approvals.js';
import type { AuditLog } from '../gateway/observe/audit.js';
import type { CatalogTool } from '../gateway/catalog/catalog.js';
import { serversFromMcpServers } from '../gateway/config/mcp-servers-file.js';
import { conditionArgProblem, narrowAlwaysProblem } from '../gateway/pipeline/condition-args.js';
import { decideTool } from '../gateway/pipeline/exposure.js';
import type { Gateway } from '../gateway/gateway.js';
import { generateKey, keyRecord } from '../gateway/http/keys.js';
import type { ConfigStore } from '../gateway/ports.js';
import * as edits from './config-edits.js';
import { dropServerRules, getServerLogs } from './server-rules.js';
import { exportSetupFile, importSetupFile } from './setup-file.js';
import { checkServerConfig } from '../setup/settings-check.js';
import { createSetupMethods, refuse } from './setup-methods.js';

/** Where the metrics charts read from. */
export interface MetricsSource {
  snapshot(): MetricsSnapshot;
}

/** What the control service is built on. */
export interface ControlDeps {
  gateway: Gateway;
  store: ConfigStore;
  approvals: Approvals;
  audit: AuditLog;
  metrics: MetricsSource;
  dataDir: string;
  version: string;
  endpointUrl(): string;
  now?: () => number;
}

/** The control API plus its event stream: what IPC and HTTP transports expose. */
export type ControlService = ControlApi & {
  subscribe(listener: (event: ControlEvent) => void): () => void;
  /** Publishes an event to every subscriber (used by the pieces that own the events). */
  publish(event: ControlEvent): void;
  isPaused(): boolean;
};

/**
 * Implements the ControlApi on the gateway. Every command edits the config through pure
 * functions (config-edits.ts), validates it, saves it atomically, and applies it to the
 * running gateway, so a change takes effect on the next agent request.
 */
export function createControlService(deps: ControlDeps): ControlService {
  const { gateway, approvals, audit } = deps;
  const now = deps.now ?? Date.now;
  const listeners = new Set<(event: ControlEvent) => void>();
  let paused = false;

  const publish = (event: ControlEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure (a closed SSE stream, say) must not stop the others.
      }
    }
  };

  /** Validates, saves and applies a new config. */
  const commit = async (next: Config): Promise<void> => {
    const parsed = ConfigSchema.safeParse(next);
    if (!parsed.success) {
      throw new ControlError('invalid_input', parsed.error.issues[0]?.message ?? 'invalid config');
    }
    deps.store.save(parsed.data);
    await gateway.applyConfig(parsed.data);
  };
  const edit = (fn: (config: Config) => Config) => commit(fn(gateway.config));

  const serverView = (id: string): ServerView => {
    const config = edits.serverOf(gateway.config, id);
    return { status: gateway.status(id)!, config: edits.maskServer(config) };
  };
  const servers = () => gateway.config.servers.map((s) => serverView(s.id));
  const keys = (): KeyView[] =>
    gateway.config.keys.map(({ name, role, prefix, createdAt, expiresAt }) => ({
      name,
      role,
      prefix,
      createdAt,
      ...(expiresAt ? { expiresAt } : {}),
    }));

  gateway.subscribe((event) => {
    if (event.type === 'serverChanged') {
      const config = gateway.config.servers.find((s) => s.id === event.server.id);
      if (config)
        publish({
          type: 'serverChanged',
          server: { status: event.server, config: edits.maskServer(config) },
        });
    } else if (event.type === 'catalogChanged') {
      publish({ type: 'catalogChanged', version: event.version });
    } else if (event.type === 'changesChanged') {
      publish({ type: 'changesChanged', changes: gateway.review?.changes() ?? [] });
    } else {
      publish({ type: 'serversChanged', servers: servers() });
      publish({ type: 'rolesChanged', roles: gateway.config.roles });
      publish({ type: 'keysChanged', keys: keys() });
    }
  });

  const api: ControlApi = {
    async getOverview(): Promise<Overview> {
      return {
        version: deps.version,
        endpoint: deps.endpointUrl(),
        dataDir: deps.dataDir,
        paused,
        servers: servers(),
        roles: gateway.config.roles,
        keys: keys(),
        approvals: approvals.list(),
      };
    },
    listServers: async () => servers(),
    async addServer({ server, force }) {
      const parsed = ServerConfigSchema.parse(server);
      if (!force) refuse(`Cannot add ${parsed.id}`, checkServerConfig(parsed));
      await edit((c) => edits.addServer(c, parsed));
      return serverView(parsed.id);
    },
    async updateServer({ id, server, force }) {
      const parsed = ServerConfigSchema.parse(server);
      if (!force) refuse(`Cannot change ${id}`, checkServerConfig(parsed));
      await edit((c) => edits.updateServer(c, id, parsed));
      return serverView(parsed.id);
    },
    async removeServer({ id }) {
      let rulesRemoved = 0;
      await edit((c) => {
        const dropped = dropServerRules(edits.removeServer(c, id), id);
        rulesRemoved = dropped.removed;
        return dropped.config;
      });
      return { rulesRemoved };
    },
    async getServerLogs({ id }) {
      edits.serverOf(gateway.config, id);
      return getServerLogs(gateway.config, gateway.status(id)!);
    },
    async setServerEnabled({ id, enabled }) {
      await edit((c) => edits.setServerEnabled(c, id, enabled));
      return serverView(id);
    },
    async restartServer({ id }) {
      edits.serverOf(gateway.config, id);
      await gateway.restartServer(id);
      return serverView(id);
    },
    importServers: (input) => importServers(input.json),
    listTools: async () => gateway.catalog.tools().map((t) => toolView(gateway.config, t)),
    listRoles: async () => gateway.config.roles,
    async createRole({ name, description, copyFrom }) {
      await edit((c) => edits.createRole(c, name, description, copyFrom));
      return edits.roleOf(gateway.config, name);
    },
    async renameRole({ from, to }) {
      await edit((c) => edits.renameRole(c, from, to));
      return edits.roleOf(gateway.config, to);
    },
    async deleteRole({ name }) {
      await edit((c) => edits.deleteRole(c, name));
    },
    async setRules({ role, rules }) {
      await edit((c) => edits.setRules(c, role, rules));
      return edits.roleOf(gateway.config, role);
    },
    async setRule({ role, pattern, action, conditions }) {
      const unknownArg =
        conditions && conditionArgProblem(gateway.catalog.tools(), pattern, conditions);
      if (unknownArg) throw new ControlError('invalid_input', unknownArg);
      await edit((c) => edits.setRule(c, role, pattern, action, conditions));
      return edits.roleOf(gateway.config, role);
    },
    async explainDecision({ role, tool, args }): Promise<DecisionView> {
      edits.roleOf(gateway.config, role);
      const entry = gateway.catalog.tool(tool);
      if (!entry) throw new ControlError('not_found', `no tool "${tool}" in the catalog`);
      return decideTool(gateway.config, role, entry, args);
    },
    listKeys: async () => keys(),
    async createKey({ name, role, expiresAt }): Promise<CreatedKey> {
      const secret = generateKey();
      const expiry = expiresAt ? Date.parse(expiresAt) : undefined;
      await edit((c) => edits.addKey(c, keyRecord(name, role, secret, now(), expiry)));
      return { key: keys().find((k) => k.name === name)!, secret };
    },
    async revokeKey({ name }) {
      await edit((c) => edits.revokeKey(c, name));
    },
    listApprovals: async () => approvals.list(),
    decideApproval: (input) =>
      decideApproval(input.id, input.decision, input.always ?? false, input.conditions),
    queryAudit: async (query) => audit.query(AuditQuerySchema.parse(query)),
    getMetrics: async () => deps.metrics.snapshot(),
    async setPaused({ paused: next }) {
      paused = next;
      publish({ type: 'pausedChanged', paused });
    },
    async setToolOverride({ serverId, tool, title, description }) {
      await edit((c) => edits.setToolOverride(c, serverId, tool, { title, description }));
      return serverView(serverId);
    },
    exportSetup: async () => ({
      json: JSON.stringify(exportSetupFile(gateway.config, new Date(now())), null, 2),
    }),
    async importSetup({ json }) {
      const { config, result } = importSetupFile(gateway.config, json);
      await commit(config);
      return result;
    },
    listChanges: async () => gateway.review?.changes() ?? [],
    async decideChange({ id, decision }) {
      return { result: gateway.decideChange(id, decision) ? 'settled' : 'not-found' };
    },
    ...createSetupMethods({
      config: () => gateway.config,
      edit,
      serverView,
      dataDir: deps.dataDir,
      endpointUrl: deps.endpointUrl,
      now,
    }),
  };

  async function importServers(json: string): Promise<ImportResult> {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      throw new ControlError(
        'invalid_input',
        'the pasted text is not JSON; paste an { "mcpServers": { … } } object',
      );
    }
    const file = McpServersFileSchema.safeParse(raw);
    if (!file.success) {
      throw new ControlError(
        'invalid_input',
        'expected an { "mcpServers": { "<name>": { "command" | "url": … } } } object',
      );
    }
    const taken = gateway.config.servers.map((s) => s.id);
    const { servers: found, warnings } = serversFromMcpServers(file.data, taken);
    // Imported servers land disabled: a person looks before they run (#10).
    const imported = found.map((server) => ({ ...server, enabled: false }));
    const added = imported.map((s) => s.id);
    await commit({ ...gateway.config, servers: [...gateway.config.servers, ...imported] });
    return { added, warnings };
  }

  async function decideApproval(
    id: string,
    decision: 'approve' | 'deny',
    always: boolean,
    conditions?: RuleCondition[],
  ): Promise<DecideApprovalResult> {
    const pending = approvals.get(id);
    // A narrower "always" must cover the call it answers, else it is a slip of the hand.
    const problem =
      pending && conditions && narrowAlwaysProblem(always, conditions, pending.arguments);
    if (problem) throw new ControlError('invalid_input', problem);
    if (!pending || !approvals.decide(id, decision)) return { result: 'already-settled' };
    if (always) {
      const action = decision === 'approve' ? 'allow' : 'deny';
      await edit((c) => edits.setRule(c, pending.role, pending.tool, action, conditions));
    }
    return { result: 'settled' };
  }

  return {
    ...api,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish,
    isPaused: () => paused,
  };
}

function toolView(config: Config, tool: CatalogTool): ToolView {
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
  };
}
