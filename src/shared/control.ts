import { z } from 'zod';
import { AuditPageQuerySchema, type AuditPage, type AuditPageQuery } from './audit-query.js';
import {
  ActionSchema,
  ClientKindSchema,
  MetricsRangeSchema,
  OutcomeSchema,
  RoleNameSchema,
  RuleSchema,
  ServerConfigSchema,
  ServerIdSchema,
  type ApprovalView,
  type AuditEntry,
  type ChangeView,
  type DecisionView,
  type ImportPreview,
  type PresetView,
  type Snippet,
  type KeyView,
  type MetricsHistory,
  type MetricsSample,
  type MetricsSnapshot,
  type Overview,
  type Role,
  type ServerView,
  type ToolView,
} from './model.js';
import {
  StartSignInSchema,
  type SignInStarted,
  type SignInStatus,
  type StartSignIn,
} from './sign-in.js';

/**
 * THE contract between the UI and the app: what the renderer (and the CLI) may ask and hear.
 *
 * Every method is async and takes at most one plain-object argument; every value is JSON-safe,
 * because IPC uses structured clone and HTTP uses JSON and the two must agree. The IPC bridge,
 * the preload, the HTTP transport and the renderer's client are all derived from this file:
 * no other file spells a method or channel name.
 */
export interface ControlApi {
  /** Everything the UI shows at start: endpoint, servers, roles, keys, pending approvals. */
  getOverview(): Promise<Overview>;

  listServers(): Promise<ServerView[]>;
  /** Adds a server (validated); it starts at once when enabled. */
  addServer(input: AddServerInput): Promise<ServerView>;
  /** Replaces a server's config; `***` secret values keep the stored ones. */
  updateServer(input: UpdateServerInput): Promise<ServerView>;
  /** Removes a server and the rules that name only it (`<id>__…`) from every role. */
  removeServer(input: ServerRef): Promise<RemovedServer>;
  /**
   * Changes settings of a server (a preset's setting, a config field, a secret), checked as at
   * add unless `force`; the gateway restarts the server with them.
   */
  setServerSettings(input: SetServerSettingsInput): Promise<ServerView>;
  /** A server's last stderr lines and last error, secrets masked (for `switchboard logs`). */
  getServerLogs(input: ServerRef): Promise<ServerLogs>;
  /** What one server offers: its tools (with every role's decision), resources and prompts. */
  getServerCatalog(input: ServerRef): Promise<ServerCatalog>;
  /**
   * Calls a tool as the person at the control center, under a role they choose: the same
   * policy, approval, cache and audit as an agent's call, the caller named `control-center`.
   * Waits while the call waits for approval; the result comes back with secrets masked.
   */
  tryTool(input: TryToolInput): Promise<TryToolResult>;
  /** Switches a server on or off; its tools vanish from agents' lists at once. */
  setServerEnabled(input: SetServerEnabledInput): Promise<ServerView>;
  /** Keeps a server warm (started at once, never asleep) or lets it sleep when quiet. */
  setServerKeepWarm(input: SetServerKeepWarmInput): Promise<ServerView>;
  restartServer(input: ServerRef): Promise<ServerView>;
  /** Starts an OAuth sign-in to a remote server; returns the page the person opens. */
  startSignIn(input: StartSignIn): Promise<SignInStarted>;
  /** A server's sign-in (who, scopes, expiry), or null for a server that never asked for one. */
  getSignIn(input: ServerRef): Promise<SignInStatus | null>;
  /** Signs out: the tokens are revoked where the server supports it, and forgotten. */
  signOut(input: ServerRef): Promise<SignedOut>;
  /** Imports an `mcpServers` JSON document; imported servers land disabled. */
  importServers(input: ImportServersInput): Promise<ImportResult>;

  /** Every tool with every role's decision (the permissions grid). */
  listTools(): Promise<ToolView[]>;

  listRoles(): Promise<Role[]>;
  createRole(input: CreateRoleInput): Promise<Role>;
  renameRole(input: RenameRoleInput): Promise<Role>;
  deleteRole(input: RoleRef): Promise<void>;
  /** Replaces a role's ordered rules. */
  setRules(input: SetRulesInput): Promise<Role>;
  /** Adds a rule for a pattern (and conditions), or replaces the rule with both equal. */
  setRule(input: SetRuleInput): Promise<Role>;
  /** Why a role may or may not use a tool. */
  explainDecision(input: ExplainInput): Promise<DecisionView>;

  listKeys(): Promise<KeyView[]>;
  /** Creates a key; its secret is returned once and never again. */
  createKey(input: CreateKeyInput): Promise<CreatedKey>;
  revokeKey(input: KeyRef): Promise<void>;

  listApprovals(): Promise<ApprovalView[]>;
  /** Approves or denies a waiting call, once or always (which writes a rule for the role). */
  decideApproval(input: DecideApprovalInput): Promise<DecideApprovalResult>;

  /** The latest audit entries, newest first, filtered. */
  queryAudit(input: AuditQuery): Promise<AuditEntry[]>;
  /**
   * One page of the audit log on disk (every kept file), newest first, filtered; pass the
   * returned cursor back for the next, older page. Text fields are masked.
   */
  queryAuditPage(input: AuditPageQuery): Promise<AuditPage>;
  /** The last 15 minutes of one-second samples, and totals. */
  getMetrics(): Promise<MetricsSnapshot>;
  /** The downsampled samples of a range (5 min … 7 days), kept across restarts. */
  getMetricsHistory(input: MetricsHistoryInput): Promise<MetricsHistory>;
  /** Pauses every agent call (they fail at once with a clear message) or resumes. */
  setPaused(input: SetPausedInput): Promise<void>;

  /** The built-in presets of the seven server kinds. */
  listPresets(): Promise<PresetView[]>;
  /** Adds a server from a preset with the values it asks for; its rules go in front of each role's. */
  addPreset(input: AddPresetInput): Promise<ServerView>;
  /** What importing other clients' configs would bring in (a given file, or every known one). */
  previewImport(input: PreviewImportInput): Promise<ImportPreview[]>;
  /** Imports chosen servers of a client's config (disabled); optionally points that client here. */
  applyImport(input: ApplyImportInput): Promise<ApplyImportResult>;
  /** Ready-to-paste connection snippets for a key. */
  getSnippets(input: SnippetsInput): Promise<Snippet[]>;
  /** Client configs pointed at Switchboard that no longer reach it (another URL, a dead key). */
  listClientWiring(): Promise<ClientWiringView[]>;
  /** Points one client config at Switchboard again, after a backup (a new key if needed). */
  updateClientWiring(input: UpdateClientWiringInput): Promise<RepairedClientWiring>;

  /** Shows agents a person's title or description for a tool instead of the server's (empty: none). */
  setToolOverride(input: SetToolOverrideInput): Promise<ServerView>;
  /** The whole setup as one JSON file (servers, roles, rules, settings); secrets and keys left out. */
  exportSetup(): Promise<ExportedSetup>;
  /** Brings in an exported setup; servers whose secrets were left out land disabled, listed. */
  importSetup(input: ImportSetupInput): Promise<ImportSetupResult>;

  /** Tools waiting for review: changed after they were accepted, new, or flagged by the scanner. */
  listChanges(): Promise<ChangeView[]>;
  /** Accepts (re-pins and exposes) or rejects (keeps hidden) a waiting tool. */
  decideChange(input: DecideChangeInput): Promise<DecideChangeResult>;
}

export const ServerRefSchema = z.object({ id: ServerIdSchema });
export type ServerRef = z.infer<typeof ServerRefSchema>;

/** What signing out did: whether the authorization server confirmed the revocation. */
export interface SignedOut {
  revoked: boolean;
}

/** What removing a server took with it. */
export interface RemovedServer {
  /** Rules naming only this server, removed from every role. */
  rulesRemoved: number;
}

/** A server's recent stderr and last error, secrets masked. */
export interface ServerLogs {
  id: string;
  state: string;
  lines: string[];
  lastError?: string;
}

/** The caller's name on calls the person makes from the control center (no key may take it). */
export const CONTROL_CENTER_CALLER = 'control-center';

/** A tool on a server's page: the grid's view plus what the page also shows. */
export type ServerToolView = ToolView & {
  outputSchema?: Record<string, unknown>;
  /** The server's annotations as it sent them (title and hints). */
  hints: Record<string, unknown>;
};

/** A resource or resource template a server lists. */
export interface ServerResourceView {
  /** The URI, or the URI template of a template. */
  uri: string;
  template: boolean;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

/** A prompt a server lists, with its arguments. */
export interface ServerPromptView {
  name: string;
  title?: string;
  description?: string;
  arguments: { name: string; description?: string; required: boolean }[];
}

/** What one server offers, as its page shows it. */
export interface ServerCatalog {
  id: string;
  tools: ServerToolView[];
  resources: ServerResourceView[];
  prompts: ServerPromptView[];
}

export const TryToolInputSchema = z.object({
  /** The role whose rules decide the call. */
  role: RoleNameSchema,
  /** The namespaced tool name (`<server>__<tool>`). */
  tool: z.string().min(1).max(200),
  arguments: z.record(z.string(), z.unknown()).default({}),
});
export type TryToolInput = z.input<typeof TryToolInputSchema>;

/** A tool's answer to the person: the whole result as JSON, secrets masked. */
export interface TryToolResult {
  isError: boolean;
  result: Record<string, unknown>;
}

/** `force` keeps a server whose settings fail the checks made at add and edit. */
export const AddServerInputSchema = z.object({
  server: ServerConfigSchema,
  force: z.boolean().optional(),
});
export type AddServerInput = z.input<typeof AddServerInputSchema>;

export const UpdateServerInputSchema = z.object({
  id: ServerIdSchema,
  server: ServerConfigSchema,
  force: z.boolean().optional(),
});

export const SetServerSettingsInputSchema = z.object({
  id: ServerIdSchema,
  /** KEY → value: a preset's setting, a config field, `env.NAME` or `header.NAME`. */
  values: z.record(z.string(), z.string().max(10_000)).default({}),
  /** KEY → value, kept as secrets (sealed, masked): a preset's secret or an env entry/header. */
  secrets: z.record(z.string(), z.string().max(10_000)).default({}),
  force: z.boolean().optional(),
});
export type SetServerSettingsInput = z.input<typeof SetServerSettingsInputSchema>;
export type UpdateServerInput = z.input<typeof UpdateServerInputSchema>;

export const SetServerEnabledInputSchema = z.object({ id: ServerIdSchema, enabled: z.boolean() });
export type SetServerEnabledInput = z.infer<typeof SetServerEnabledInputSchema>;

export const SetServerKeepWarmInputSchema = z.object({
  id: ServerIdSchema,
  keepWarm: z.boolean(),
});
export type SetServerKeepWarmInput = z.infer<typeof SetServerKeepWarmInputSchema>;

export const ImportServersInputSchema = z.object({ json: z.string().max(1_000_000) });
export type ImportServersInput = z.infer<typeof ImportServersInputSchema>;

export const ImportResultSchema = z.object({
  added: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const RoleRefSchema = z.object({ name: RoleNameSchema });
export type RoleRef = z.infer<typeof RoleRefSchema>;

export const CreateRoleInputSchema = z.object({
  name: RoleNameSchema,
  description: z.string().max(500).optional(),
  /** Start from a copy of this role's rules. */
  copyFrom: RoleNameSchema.optional(),
});
export type CreateRoleInput = z.infer<typeof CreateRoleInputSchema>;

export const RenameRoleInputSchema = z.object({ from: RoleNameSchema, to: RoleNameSchema });
export type RenameRoleInput = z.infer<typeof RenameRoleInputSchema>;

export const SetRulesInputSchema = z.object({
  role: RoleNameSchema,
  rules: z.array(RuleSchema).max(1000),
});
export type SetRulesInput = z.infer<typeof SetRulesInputSchema>;

export const SetRuleInputSchema = z.object({
  role: RoleNameSchema,
  pattern: RuleSchema.shape.pattern,
  action: ActionSchema,
  /** The rule decides only when all hold; a rule is replaced only by one with equal conditions. */
  conditions: RuleSchema.shape.conditions,
});
export type SetRuleInput = z.infer<typeof SetRuleInputSchema>;

export const ExplainInputSchema = z.object({
  role: RoleNameSchema,
  tool: z.string().max(200),
  /** A call's arguments: conditional rules are judged on them (else the most it could get). */
  args: z.record(z.string(), z.unknown()).optional(),
});
export type ExplainInput = z.infer<typeof ExplainInputSchema>;

export const KeyRefSchema = z.object({ name: z.string().min(1).max(64) });
export type KeyRef = z.infer<typeof KeyRefSchema>;

export const CreateKeyInputSchema = z.object({
  name: z.string().min(1).max(64),
  role: RoleNameSchema,
  /** ISO time after which the key stops working. */
  expiresAt: z.iso.datetime().optional(),
});
export type CreateKeyInput = z.infer<typeof CreateKeyInputSchema>;

export interface CreatedKey {
  key: KeyView;
  /** The key itself: shown once. */
  secret: string;
}

export const DecideApprovalInputSchema = z.object({
  id: z.string().min(1).max(100),
  decision: z.enum(['approve', 'deny']),
  /** Also write a rule so this role's next calls to this tool need no approval (or are denied). */
  always: z.boolean().default(false),
  /** With `always`: the rule holds only under these conditions (this folder, host, kind). */
  conditions: RuleSchema.shape.conditions,
  /** With `always`: the rule lapses after this many minutes ("for the next hour" is 60). */
  forMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
});
export type DecideApprovalInput = z.input<typeof DecideApprovalInputSchema>;

export interface DecideApprovalResult {
  /** `settled` when this decision won; `already-settled` when another decision or a timeout did. */
  result: 'settled' | 'already-settled';
}

export const AuditQuerySchema = z.object({
  limit: z.number().int().min(1).max(5000).default(200),
  role: z.string().optional(),
  server: z.string().optional(),
  outcome: OutcomeSchema.optional(),
  text: z.string().max(200).optional(),
});
export type AuditQuery = z.input<typeof AuditQuerySchema>;

export const MetricsHistoryInputSchema = z.object({ range: MetricsRangeSchema });
export type MetricsHistoryInput = z.infer<typeof MetricsHistoryInputSchema>;

export const SetPausedInputSchema = z.object({ paused: z.boolean() });
export type SetPausedInput = z.infer<typeof SetPausedInputSchema>;

export const AddPresetInputSchema = z.object({
  presetId: ServerIdSchema,
  /** The new server's id (default: the preset's). */
  id: ServerIdSchema.optional(),
  values: z.record(z.string(), z.string().max(10_000)).default({}),
  force: z.boolean().optional(),
});
export type AddPresetInput = z.input<typeof AddPresetInputSchema>;

export const PreviewImportInputSchema = z.object({
  client: ClientKindSchema.optional(),
  file: z.string().max(4096).optional(),
  projectDir: z.string().max(4096).optional(),
});
export type PreviewImportInput = z.infer<typeof PreviewImportInputSchema>;

export const ApplyImportInputSchema = z.object({
  client: ClientKindSchema,
  file: z.string().max(4096),
  /** Which of the previewed servers to import. */
  serverIds: z.array(ServerIdSchema).max(200),
  /** Also rewrite the client's file to point at Switchboard (a backup is written first). */
  rewrite: z.boolean().default(false),
  /** The role of the key created for the rewritten client. */
  role: RoleNameSchema.default('coder'),
});
export type ApplyImportInput = z.input<typeof ApplyImportInputSchema>;

export interface ApplyImportResult {
  added: string[];
  /** Chosen servers already here, starting the same way: recognised, not added again. */
  unchanged?: string[];
  /** The backup of the client's original file, when it was rewritten. */
  backup?: string;
}

export const SetToolOverrideInputSchema = z.object({
  serverId: ServerIdSchema,
  /** The tool's own name on its server. */
  tool: z.string().min(1).max(200),
  title: z.string().max(200).optional(),
  description: z.string().max(10_000).optional(),
});
export type SetToolOverrideInput = z.infer<typeof SetToolOverrideInputSchema>;

export interface ExportedSetup {
  /** The file's text (a SetupFile). */
  json: string;
}

export const ImportSetupInputSchema = z.object({ json: z.string().max(5_000_000) });
export type ImportSetupInput = z.infer<typeof ImportSetupInputSchema>;

export interface ImportSetupResult {
  servers: string[];
  roles: string[];
  /** Servers whose secret values must be entered again (they land disabled). */
  needsSecrets: { server: string; names: string[] }[];
}

export const DecideChangeInputSchema = z.object({
  id: z.string().min(1).max(64),
  decision: z.enum(['accept', 'reject']),
});
export type DecideChangeInput = z.infer<typeof DecideChangeInputSchema>;

export interface DecideChangeResult {
  /** `not-found` when no waiting change has that id (decided already, or the tool changed again). */
  result: 'settled' | 'not-found';
}

/** A client config whose Switchboard entry drifted, and what is wrong with it. */
export interface ClientWiringView {
  client: z.infer<typeof ClientKindSchema>;
  file: string;
  what: string;
  /** Its key is no longer accepted: repairing it makes a new key. */
  needsKey: boolean;
}

export const UpdateClientWiringInputSchema = z.object({
  client: ClientKindSchema,
  file: z.string().min(1).max(4096),
  /** The role of a new key, when one is needed (default coder). */
  role: z.string().min(1).max(64).optional(),
});
export type UpdateClientWiringInput = z.infer<typeof UpdateClientWiringInputSchema>;

export interface RepairedClientWiring {
  /** The copy of the file as it was. */
  backup: string;
}

export const SnippetsInputSchema = z.object({ key: z.string().max(512).default('<YOUR_KEY>') });
export type SnippetsInput = z.input<typeof SnippetsInputSchema>;

/** A method that takes no argument accepts nothing (or `undefined`). */
const NoInput = z.undefined();

/**
 * The input schema of every method. Main validates every input with these, because the
 * renderer is untrusted. A missing or extra method is a type error.
 */
export const controlInputs = {
  getOverview: NoInput,
  listServers: NoInput,
  addServer: AddServerInputSchema,
  updateServer: UpdateServerInputSchema,
  removeServer: ServerRefSchema,
  setServerSettings: SetServerSettingsInputSchema,
  getServerLogs: ServerRefSchema,
  getServerCatalog: ServerRefSchema,
  tryTool: TryToolInputSchema,
  setServerEnabled: SetServerEnabledInputSchema,
  setServerKeepWarm: SetServerKeepWarmInputSchema,
  restartServer: ServerRefSchema,
  startSignIn: StartSignInSchema,
  getSignIn: ServerRefSchema,
  signOut: ServerRefSchema,
  importServers: ImportServersInputSchema,
  listTools: NoInput,
  listRoles: NoInput,
  createRole: CreateRoleInputSchema,
  renameRole: RenameRoleInputSchema,
  deleteRole: RoleRefSchema,
  setRules: SetRulesInputSchema,
  setRule: SetRuleInputSchema,
  explainDecision: ExplainInputSchema,
  listKeys: NoInput,
  createKey: CreateKeyInputSchema,
  revokeKey: KeyRefSchema,
  listApprovals: NoInput,
  decideApproval: DecideApprovalInputSchema,
  queryAudit: AuditQuerySchema,
  queryAuditPage: AuditPageQuerySchema,
  getMetrics: NoInput,
  getMetricsHistory: MetricsHistoryInputSchema,
  setPaused: SetPausedInputSchema,
  listPresets: NoInput,
  addPreset: AddPresetInputSchema,
  previewImport: PreviewImportInputSchema,
  applyImport: ApplyImportInputSchema,
  getSnippets: SnippetsInputSchema,
  listClientWiring: NoInput,
  updateClientWiring: UpdateClientWiringInputSchema,
  listChanges: NoInput,
  decideChange: DecideChangeInputSchema,
  setToolOverride: SetToolOverrideInputSchema,
  exportSetup: NoInput,
  importSetup: ImportSetupInputSchema,
} satisfies { [K in keyof ControlApi]: z.ZodType<unknown, Parameters<ControlApi[K]>[0]> };

/** A control method's name. */
export type ControlMethod = keyof ControlApi;

/** Every method, in one list: the loops that derive the IPC bridge and HTTP client read it. */
export const CONTROL_METHODS = Object.keys(controlInputs) as ControlMethod[];

/** Whether a string names a control method (for transports receiving untrusted names). */
export function isControlMethod(name: string): name is ControlMethod {
  return Object.prototype.hasOwnProperty.call(controlInputs, name);
}

/** Something the app tells the UI; one IPC channel and one SSE stream carry them all. */
export type ControlEvent =
  | { type: 'serverChanged'; server: ServerView }
  | { type: 'serversChanged'; servers: ServerView[] }
  | { type: 'catalogChanged'; version: number }
  | { type: 'rolesChanged'; roles: Role[] }
  | { type: 'keysChanged'; keys: KeyView[] }
  | { type: 'approvalRequested'; approval: ApprovalView }
  | {
      type: 'approvalSettled';
      id: string;
      outcome: 'approved' | 'denied' | 'timeout' | 'cancelled';
    }
  | { type: 'auditAppended'; entry: AuditEntry }
  | { type: 'metricsSample'; sample: MetricsSample }
  | { type: 'pausedChanged'; paused: boolean }
  | { type: 'changesChanged'; changes: ChangeView[] }
  /** A remote server's sign-in was refused or must widen: a person has to sign in again. */
  | { type: 'signInNeeded'; serverId: string; reason: string };

/** The codes an error crossing the control boundary can carry. */
export type ControlErrorCode =
  'invalid_input' | 'not_found' | 'conflict' | 'unauthorized' | 'unavailable' | 'internal';

/** Errors cross IPC and HTTP as a value, never as a thrown object. */
export type ControlResult<T> =
  { ok: true; value: T } | { ok: false; error: { code: ControlErrorCode; message: string } };

/** The error the preload and the HTTP client throw when a result is `ok: false`. */
export class ControlError extends Error {
  constructor(
    readonly code: ControlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

/** Turns a result envelope back into a value, or throws its `ControlError`. */
export function unwrapResult<T>(result: ControlResult<T>): T {
  if (result.ok) return result.value;
  throw new ControlError(result.error.code, result.error.message);
}

/** The IPC channel of a method (`switchboard:<method>`). */
export function channelOf(method: ControlMethod): string {
  return `switchboard:${method}`;
}

/** The one IPC channel that carries every `ControlEvent`. */
export const EVENT_CHANNEL = 'switchboard:event';

/** What the preload exposes on `window.switchboard`: the API plus the event stream. */
export type SwitchboardBridge = ControlApi & {
  subscribe(listener: (event: ControlEvent) => void): () => void;
};
