import {
  AuditQuerySchema,
  ControlError,
  type ControlApi,
  type ControlEvent,
  type DecideApprovalResult,
  type ImportResult,
} from '../../shared/control.js';
import {
  McpServersFileSchema,
  ServerConfigSchema,
  type Config,
  type DecisionView,
  type MetricsHistory,
  type MetricsRange,
  type MetricsSnapshot,
  type Overview,
  type RuleCondition,
  type ServerView,
} from '../../shared/model.js';
import {
  AuditCursorError,
  decideTool,
  narrowAlwaysProblem,
  serversFromMcpServers,
} from '../gateway/index.js';
import type { Approvals, AuditLog, ConfigStore, Gateway, OAuthSignIns } from '../gateway/index.js';
import type { AuditPage, AuditPageQuery } from '../../shared/audit-query.js';
import * as edits from './config-edits.js';
import { getServerLogs, maskStatus } from './server-rules.js';
import { createConfigMethods, keyViews, validConfig } from './config-methods.js';
import { createSetupMethods, refuse } from './setup-methods.js';
import { createServerPageMethods, type TryToolDeps } from './server-page.js';
import { toolView } from './tool-view.js';
import { createSignInMethods } from './sign-in-methods.js';
import { checkServerConfig } from '../setup/settings-check.js';

/** Where the metrics charts read from. */
export interface MetricsSource {
  snapshot(): MetricsSnapshot;
}

/** Where the longer ranges of the charts come from (metrics-history.ts). */
export interface MetricsHistorySource {
  range(range: MetricsRange): MetricsHistory;
}

/** Where pages of the audit log on disk come from (audit-reader.ts). */
export interface AuditPages {
  page(query: AuditPageQuery): Promise<AuditPage>;
}

/** What the control service is built on. */
export interface ControlDeps {
  gateway: Gateway;
  store: ConfigStore;
  approvals: Approvals;
  audit: AuditLog;
  auditPages: AuditPages;
  metrics: MetricsSource;
  history: MetricsHistorySource;
  dataDir: string;
  version: string;
  endpointUrl(): string;
  now?: () => number;
  /** The call pipeline and redactor `tryTool` calls through; without them it is unavailable. */
  tryTool?: TryToolDeps;
  /** OAuth sign-ins of remote servers; their state travels with each server's view. */
  signIns?: OAuthSignIns;
}

/** The control API plus its event stream: what IPC and HTTP transports expose. */
export type ControlService = ControlApi & {
  subscribe(listener: (event: ControlEvent) => void): () => void;
  /** Publishes an event to every subscriber (used by the pieces that own the events). */
  publish(event: ControlEvent): void;
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
    const valid = validConfig(next);
    deps.store.save(valid);
    await gateway.applyConfig(valid);
  };
  const edit = (fn: (config: Config) => Config) => commit(fn(gateway.config));

  const serverView = (id: string): ServerView => {
    const config = edits.serverOf(gateway.config, id);
    return withSignIn({
      status: maskStatus(gateway.config, gateway.status(id)!),
      config: edits.maskServer(config),
    });
  };
  const withSignIn = (view: ServerView): ServerView => {
    const signIn = deps.signIns?.status(view.config.id);
    return signIn ? { ...view, signIn } : view;
  };
  const servers = () => gateway.config.servers.map((s) => serverView(s.id));

  // The pause lives in the config (edited here, by the CLI or by hand); any change is published.
  let paused = gateway.config.settings.paused;
  gateway.subscribe((event) => {
    if (event.type === 'configChanged' && gateway.config.settings.paused !== paused) {
      paused = gateway.config.settings.paused;
      publish({ type: 'pausedChanged', paused });
    }
    if (event.type === 'serverChanged') {
      const config = gateway.config.servers.find((s) => s.id === event.server.id);
      if (config)
        publish({
          type: 'serverChanged',
          server: withSignIn({
            status: maskStatus(gateway.config, event.server),
            config: edits.maskServer(config),
          }),
        });
    } else if (event.type === 'catalogChanged') {
      publish({ type: 'catalogChanged', version: event.version });
    } else if (event.type === 'changesChanged') {
      publish({ type: 'changesChanged', changes: gateway.review?.changes() ?? [] });
    } else {
      publish({ type: 'serversChanged', servers: servers() });
      publish({ type: 'rolesChanged', roles: gateway.config.roles });
      publish({ type: 'keysChanged', keys: keyViews(gateway.config) });
    }
  });

  const api: ControlApi = {
    async getOverview(): Promise<Overview> {
      return {
        version: deps.version,
        endpoint: deps.endpointUrl(),
        dataDir: deps.dataDir,
        paused: gateway.config.settings.paused,
        servers: servers(),
        roles: gateway.config.roles,
        keys: keyViews(gateway.config),
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
    async getServerLogs({ id }) {
      edits.serverOf(gateway.config, id);
      return getServerLogs(gateway.config, gateway.status(id)!);
    },
    async setServerEnabled({ id, enabled }) {
      await edit((c) => edits.setServerEnabled(c, id, enabled));
      return serverView(id);
    },
    async setServerKeepWarm({ id, keepWarm }) {
      await edit((c) => edits.setServerKeepWarm(c, id, keepWarm));
      return serverView(id);
    },
    async restartServer({ id }) {
      edits.serverOf(gateway.config, id);
      await gateway.restartServer(id);
      return serverView(id);
    },
    importServers: (input) => importServers(input.json),
    listTools: async () => gateway.catalog.tools().map((t) => toolView(gateway.config, t)),
    async explainDecision({ role, tool, args }): Promise<DecisionView> {
      edits.roleOf(gateway.config, role);
      const entry = gateway.catalog.tool(tool);
      if (!entry) throw new ControlError('not_found', `no tool "${tool}" in the catalog`);
      return decideTool(gateway.config, role, entry, args);
    },
    listApprovals: async () => approvals.list(),
    decideApproval: (input) =>
      decideApproval(
        input.id,
        input.decision,
        input.always ?? false,
        input.conditions,
        input.forMinutes,
      ),
    queryAudit: async (query) => audit.query(AuditQuerySchema.parse(query)),
    queryAuditPage: async (query) => {
      try {
        return await deps.auditPages.page(query);
      } catch (error) {
        if (error instanceof AuditCursorError)
          throw new ControlError('invalid_input', error.message);
        throw error;
      }
    },
    getMetrics: async () => deps.metrics.snapshot(),
    getMetricsHistory: async ({ range }) => deps.history.range(range),
    async setToolOverride({ serverId, tool, title, description }) {
      await edit((c) => edits.setToolOverride(c, serverId, tool, { title, description }));
      return serverView(serverId);
    },
    listChanges: async () => gateway.review?.changes() ?? [],
    async decideChange({ id, decision }) {
      return { result: gateway.decideChange(id, decision) ? 'settled' : 'not-found' };
    },
    ...createConfigMethods({
      config: () => gateway.config,
      commit,
      now,
      tools: () => gateway.catalog.tools(),
    }),
    ...createServerPageMethods(gateway, deps.tryTool),
    ...createSetupMethods({
      config: () => gateway.config,
      edit,
      serverView,
      dataDir: deps.dataDir,
      endpointUrl: deps.endpointUrl,
      now,
    }),
    ...createSignInMethods(deps.signIns, () => gateway.config),
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
    // Imported servers land disabled: a person looks before they run.
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
    forMinutes?: number,
  ): Promise<DecideApprovalResult> {
    const pending = approvals.get(id);
    if (forMinutes !== undefined && !always) {
      throw new ControlError(
        'invalid_input',
        'forMinutes limits an "always" answer; set always too',
      );
    }
    // A narrower "always" must cover the call it answers, else it is a slip of the hand.
    const problem =
      pending && conditions && narrowAlwaysProblem(always, conditions, pending.arguments);
    if (problem) throw new ControlError('invalid_input', problem);
    if (!pending || !approvals.decide(id, decision)) return { result: 'already-settled' };
    if (always) {
      const action = decision === 'approve' ? 'allow' : 'deny';
      const until =
        forMinutes === undefined ? undefined : new Date(now() + forMinutes * 60_000).toISOString();
      await edit((c) => edits.setRule(c, pending.role, pending.tool, action, conditions, until));
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
  };
}
