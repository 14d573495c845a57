import { z } from 'zod';
import { SignInStatusSchema } from './sign-in.js';

/**
 * Every persisted shape, and every shape sent over the control API, as a zod schema plus its type.
 * Pure TypeScript: zod only (style.md import rules).
 */

/** Current version of the config file; migrations in gateway/config.ts lift older files to it. */
export const CONFIG_VERSION = 1;

/** A server id: lower-case letters, digits and dashes, 1–32 characters, no leading/trailing dash. */
export const ServerIdSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/,
    'server ids use a-z, 0-9 and "-" (1–32 characters, not starting or ending with "-")',
  )
  // `switchboard__…` names the gateway's own tools (find_tools, call_tool).
  .refine((id) => id !== 'switchboard', 'the server id "switchboard" is reserved');
export type ServerId = z.infer<typeof ServerIdSchema>;

/** A role name, as used in keys and rules. */
export const RoleNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'role names use a-z, 0-9, "_" and "-" (1–32 characters)');
export type RoleName = z.infer<typeof RoleNameSchema>;

const StringMapSchema = z.record(z.string(), z.string());

/** A server started as a child process speaking MCP over stdin/stdout. */
export const StdioTransportSchema = z.object({
  type: z.literal('stdio'),
  command: z.string().min(1, 'a stdio server needs a command'),
  args: z.array(z.string()).default([]),
  env: StringMapSchema.default({}),
  cwd: z.string().optional(),
});
export type StdioTransport = z.infer<typeof StdioTransportSchema>;

/** A remote server over Streamable HTTP (`http`) or the legacy HTTP+SSE transport (`sse`). */
export const RemoteTransportSchema = z.object({
  type: z.enum(['http', 'sse']),
  url: z.url({ protocol: /^https?$/, error: 'a remote server needs an http(s) URL' }),
  headers: StringMapSchema.default({}),
});
export type RemoteTransport = z.infer<typeof RemoteTransportSchema>;

export const TransportSchema = z.discriminatedUnion('type', [
  StdioTransportSchema,
  RemoteTransportSchema,
]);
export type Transport = z.infer<typeof TransportSchema>;

/** What a rule (or a default) decides for a tool. */
export const ActionSchema = z.enum(['allow', 'ask', 'deny']);
export type Action = z.infer<typeof ActionSchema>;

/** A person's replacement for a tool's title or description (upstream ones are often poor). */
export const ToolOverrideSchema = z.object({
  title: z.string().max(200).optional(),
  description: z.string().max(10_000).optional(),
});
export type ToolOverride = z.infer<typeof ToolOverrideSchema>;

/**
 * What may happen when a server asks the agent, during a call, for a model completion
 * (`sampling`) or for the user's input (`elicitation`). Absent fields take the defaults:
 * `ask` for sampling, `allow` for elicitation.
 */
export const ServerRequestPolicySchema = z.object({
  sampling: ActionSchema.optional(),
  elicitation: ActionSchema.optional(),
});
export type ServerRequestPolicy = z.infer<typeof ServerRequestPolicySchema>;

/** One configured downstream MCP server. */
export const ServerConfigSchema = z.object({
  id: ServerIdSchema,
  /** Display name for the UI; defaults to the id. */
  name: z.string().optional(),
  enabled: z.boolean().default(true),
  transport: TransportSchema,
  /** Names of `env` entries (stdio) or `headers` (remote) whose values are secrets. */
  secrets: z.array(z.string()).default([]),
  /** Per-call timeout in ms; the gateway default applies when absent. */
  callTimeoutMs: z.number().int().positive().optional(),
  /** How long start-up and listing wait for this server before marking it a laggard. */
  startTimeoutMs: z.number().int().positive().optional(),
  /** Overrides the annotation-based default decision for this server's tools. */
  defaultAction: ActionSchema.optional(),
  /** Another server to use while this one is down; calls say which one answered. */
  fallback: ServerIdSchema.optional(),
  /** How many instances of a stdio server to run; calls are balanced over the healthy ones. */
  replicas: z.number().int().min(1).max(16).default(1),
  /** Extra URLs of the same remote server (replicas), besides `transport.url`. */
  replicaUrls: z.array(z.url()).default([]),
  /** How calls are spread over replicas. */
  balance: z.enum(['round-robin', 'least-in-flight']).default('least-in-flight'),
  /** Calls in flight per server before new ones wait. */
  maxInFlight: z.number().int().positive().default(32),
  /** Calls allowed to wait beyond `maxInFlight`; more are refused at once (backpressure). */
  maxQueue: z.number().int().min(0).default(256),
  /**
   * Start the server only on first use, even on a run that had to start it to learn its lists
   * (it stops again once they are known). Without it a server whose lists are remembered also
   * starts on first use, and one with nothing remembered starts at once to learn them.
   */
  lazy: z.boolean().default(false),
  /**
   * This server's quiet period before it is stopped (ms); absent: `settings.idleStopMs`. The
   * old default `0` (which meant never, when idle stop was opt-in) reads as absent: a server
   * that must never sleep says so with `keepWarm`.
   */
  idleStopMs: z.preprocess(
    (value) => (value === 0 ? undefined : value),
    z.number().int().positive().optional(),
  ),
  /** A person's choice: start at once and never sleep (for a server whose start is slow). */
  keepWarm: z.boolean().default(false),
  /**
   * The protocol era spoken to this server: `auto` negotiates (2026-07-28 where the server speaks
   * it); `2025` keeps a 2025-era session, which some servers serve more cheaply.
   */
  era: z.enum(['auto', '2025', '2026-07-28']).default('auto'),
  /** Tools that appear on this server after it was first accepted wait for a person's review. */
  newToolsWait: z.boolean().default(true),
  /** Per tool (by its own name): a title and description shown to agents instead of the server's. */
  toolOverrides: z.record(z.string(), ToolOverrideSchema).default({}),
  /** This server's default for its sampling and elicitation requests (a role may override). */
  serverRequests: ServerRequestPolicySchema.optional(),
  /**
   * The preset this server was made from and its settings (secret ones left out: they live in
   * `env`/`headers`), so `set` can change one setting and check it as `add` did.
   */
  preset: z
    .object({ id: ServerIdSchema, values: z.record(z.string(), z.string()).default({}) })
    .optional(),
});
export type ServerConfig = z.infer<typeof ServerConfigSchema>;

/** The argument a condition reads: a top-level property of the call's arguments. */
const ConditionArgSchema = z.string().min(1).max(100);

/** SQL statement kinds a `sql` condition names; `ddl` and `write` stand for their groups. */
export const SqlKindSchema = z.enum([
  'select',
  'insert',
  'update',
  'delete',
  'replace',
  'create',
  'alter',
  'drop',
  'truncate',
  'rename',
  'write',
  'ddl',
]);

/**
 * A condition over one argument of a call (rule-conditions.ts evaluates it). `inside`/`in`
 * and `outside`/`not-in` are exact negations of each other on a value that can be judged.
 */
export const RuleConditionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('path'),
    arg: ConditionArgSchema,
    op: z.enum(['inside', 'outside']),
    folder: z.string().min(1).max(1000),
    /** Where a relative path is resolved from; without it a relative path cannot be judged. */
    base: z.string().min(1).max(1000).optional(),
  }),
  z.object({
    kind: z.literal('host'),
    arg: ConditionArgSchema,
    op: z.enum(['in', 'not-in']),
    /** Host names; `*.example.com` matches every subdomain (not example.com itself). */
    hosts: z.array(z.string().min(1).max(253)).min(1).max(100),
    schemes: z.array(z.string().min(1).max(20)).max(10).optional(),
    ports: z.array(z.number().int().min(1).max(65535)).max(20).optional(),
  }),
  z.object({
    kind: z.literal('sql'),
    arg: ConditionArgSchema,
    /** `is`: every statement is one of `kinds`; `not`: no statement is. */
    op: z.enum(['is', 'not']),
    kinds: z.array(SqlKindSchema).min(1).max(12),
    dialect: z.enum(['sqlite', 'postgresql']).optional(),
  }),
  z.object({
    kind: z.literal('matches'),
    arg: ConditionArgSchema,
    /** The whole value must match (the pattern is anchored). */
    regex: z.string().min(1).max(200),
  }),
  z.object({
    kind: z.literal('between'),
    arg: ConditionArgSchema,
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  z.object({ kind: z.literal('present'), arg: ConditionArgSchema, present: z.boolean() }),
]);
export type RuleCondition = z.infer<typeof RuleConditionSchema>;

/** A rule: a case-insensitive glob over namespaced tool names, and what it decides. */
export const RuleSchema = z.object({
  pattern: z.string().min(1).max(200),
  action: ActionSchema,
  /** Cache this tool's results even without a `readOnlyHint` annotation. */
  cacheable: z.boolean().optional(),
  /** The rule decides only when every condition on the call's arguments holds. */
  conditions: z.array(RuleConditionSchema).min(1).max(16).optional(),
  /** The rule decides only before this time (an approval's "for the next hour"); then it lapses. */
  until: z.iso.datetime().optional(),
});
export type Rule = z.infer<typeof RuleSchema>;

/** A budget: at most `perMinute` calls to the tools a glob matches, counted per tool or server. */
export const BudgetSchema = z.object({
  pattern: z.string().min(1).max(200),
  perMinute: z.number().int().min(1).max(100_000),
  /** `tool`: each matching tool has its own count; `server`: the tools of a server share one. */
  per: z.enum(['tool', 'server']).optional(),
});
export type Budget = z.infer<typeof BudgetSchema>;

/** A role: a name plus an ordered list of rules (the first match wins). */
export const RoleSchema = z.object({
  name: RoleNameSchema,
  description: z.string().default(''),
  rules: z.array(RuleSchema).default([]),
  /**
   * How the role's tools are shown: `all` lists every permitted tool; `focused` lists only
   * `switchboard__find_tools`, `switchboard__call_tool` and the `pinned` tools.
   */
  exposure: z.enum(['all', 'focused']).default('all'),
  /** Namespaced tool names always listed in `focused` mode. */
  pinned: z.array(z.string()).default([]),
  /**
   * Per server id (or `*` for every server): what this role's calls let servers ask of the
   * agent. The server's own entry wins over `*`, which wins over the server's default.
   */
  serverRequests: z.record(z.string(), ServerRequestPolicySchema).optional(),
  /** Call budgets; a call over any matching budget is refused, naming it (budgets.ts). */
  budgets: z.array(BudgetSchema).max(100).optional(),
});
export type Role = z.infer<typeof RoleSchema>;

/** A stored agent key: only the SHA-256 hash of the secret is ever persisted. */
export const KeyRecordSchema = z.object({
  name: z.string().min(1).max(64),
  role: RoleNameSchema,
  /** Hex SHA-256 of the full key. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The first characters of the key, for telling keys apart in lists. Never enough to use it. */
  prefix: z.string().max(16),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
});
export type KeyRecord = z.infer<typeof KeyRecordSchema>;

/** Gateway-wide settings. */
export const SettingsSchema = z.object({
  /** TCP port of the localhost endpoint; 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(37373),
  /** Default per-call timeout (ms). */
  callTimeoutMs: z.number().int().positive().default(60_000),
  /** How long start-up and listing wait for any one server (ms). */
  startTimeoutMs: z.number().int().positive().default(15_000),
  /** How long a call waits for a person's approval before it is denied (ms). */
  approvalTimeoutMs: z.number().int().positive().default(120_000),
  /** Bound on pending approvals per key. */
  maxPendingPerKey: z.number().int().positive().default(8),
  /** Results larger than this are refused with a clear error (bytes). */
  maxResultBytes: z
    .number()
    .int()
    .positive()
    .default(8 * 1024 * 1024),
  /** How long a cached read-only result stays fresh (ms; 0 turns the cache off). */
  cacheTtlMs: z.number().int().min(0).default(30_000),
  /** Bound on the response cache (bytes). */
  cacheMaxBytes: z
    .number()
    .int()
    .positive()
    .default(32 * 1024 * 1024),
  /** How often ready servers are pinged (ms). */
  healthIntervalMs: z.number().int().positive().default(30_000),
  /**
   * Every agent call is refused with "paused" while true. Kept in the config so a restart (or a
   * crash) does not quietly resume what a person stopped, and shown in `/health`.
   */
  paused: z.boolean().default(false),
  /**
   * How long a stdio server may go without calls before it is stopped to free its memory
   * (ms; 0: never). Its lists stay listed and its next call starts it again.
   */
  idleStopMs: z.number().int().min(0).default(600_000),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** The whole config file (`<data dir>/config.json`). */
export const ConfigSchema = z.object({
  version: z.literal(CONFIG_VERSION),
  settings: SettingsSchema.default(() => SettingsSchema.parse({})),
  servers: z.array(ServerConfigSchema).default([]),
  roles: z.array(RoleSchema).default([]),
  keys: z.array(KeyRecordSchema).default([]),
});
export type Config = z.infer<typeof ConfigSchema>;

/** One entry of the `mcpServers` format used by Claude Desktop, Cursor and most MCP clients. */
export const McpServerEntrySchema = z.union([
  z.object({
    command: z.string().min(1),
    args: z.array(z.string()).optional(),
    env: StringMapSchema.optional(),
    cwd: z.string().optional(),
    disabled: z.boolean().optional(),
  }),
  z.object({
    url: z.string().min(1),
    type: z.enum(['http', 'streamable-http', 'streamableHttp', 'sse']).optional(),
    headers: StringMapSchema.optional(),
    disabled: z.boolean().optional(),
  }),
]);
export type McpServerEntry = z.infer<typeof McpServerEntrySchema>;

/** A whole `mcpServers` file: `{ "mcpServers": { "<name>": entry } }`. */
export const McpServersFileSchema = z.object({
  mcpServers: z.record(z.string(), McpServerEntrySchema),
});
export type McpServersFile = z.infer<typeof McpServersFileSchema>;

/**
 * The life-cycle state of a server, as shown to the user. `asleep`: not running (never started
 * yet, or stopped after its quiet period) while its tools stay listed; its next call starts it.
 */
export const ServerStateSchema = z.enum([
  'disabled',
  'asleep',
  'starting',
  'ready',
  'degraded',
  'down',
  /** A remote server behind OAuth with no usable sign-in: a person must sign in (not an outage). */
  'needs-signin',
]);
export type ServerState = z.infer<typeof ServerStateSchema>;

/** A server's status, JSON-safe, for `/health`, the control API and the UI. */
export const ServerStatusSchema = z.object({
  id: ServerIdSchema,
  name: z.string(),
  state: ServerStateSchema,
  transport: z.enum(['stdio', 'http', 'sse']),
  tools: z.number().int(),
  resources: z.number().int(),
  prompts: z.number().int(),
  /** The last error, secrets masked. */
  lastError: z.string().optional(),
  /** The last lines the server wrote to stderr (stdio only), secrets masked. */
  stderrTail: z.array(z.string()).default([]),
  pid: z.number().int().optional(),
  /** The protocol revision negotiated with the server. */
  protocolVersion: z.string().optional(),
  /** When the server last became ready (ISO time), for its uptime; absent while not ready. */
  readySince: z.string().optional(),
  /** Each replica's state (one entry for a server without replicas). */
  replicas: z
    .array(
      z.object({
        state: ServerStateSchema,
        pid: z.number().int().optional(),
        inFlight: z.number().int(),
      }),
    )
    .default([]),
  /** The circuit breaker: `open` while calls fail fast after repeated failures. */
  breaker: z.enum(['closed', 'open', 'half-open']).default('closed'),
});
export type ServerStatus = z.infer<typeof ServerStatusSchema>;

// ---------------------------------------------------------------------------------------------
// Views sent over the control API (JSON-safe: no Date, Map or class instances).

/** A server as the UI sees it: its status and its config, secret values masked as `***`. */
export const ServerViewSchema = z.object({
  status: ServerStatusSchema,
  config: ServerConfigSchema,
  /** The OAuth sign-in of a remote server that asked for one. */
  signIn: SignInStatusSchema.optional(),
});
export type ServerView = z.infer<typeof ServerViewSchema>;

/** The masked stand-in for a secret value; sending it back in an edit keeps the stored value. */
export const SECRET_MASK = '***';

/** Where a decision came from. */
export const DecisionSourceSchema = z.enum(['rule', 'server', 'annotations', 'role']);

/** What a role may do with a tool, and why. */
export const DecisionViewSchema = z.object({
  action: ActionSchema,
  source: DecisionSourceSchema,
  ruleIndex: z.number().int().optional(),
  pattern: z.string().optional(),
  reason: z.string(),
  /** Conditional rules passed over on the way to this decision, and the condition that failed. */
  skipped: z.array(z.string()).optional(),
  /** Set when no arguments were given and the outcome depends on them. */
  conditional: z.boolean().optional(),
});
export type DecisionView = z.infer<typeof DecisionViewSchema>;

/** A tool in the permissions grid: its facts and the decision of every role. */
export const ToolViewSchema = z.object({
  /** The namespaced name agents use. */
  name: z.string(),
  serverId: ServerIdSchema,
  /** The name on its own server. */
  originalName: z.string(),
  title: z.string().optional(),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()),
  annotations: z.object({
    readOnly: z.boolean(),
    destructive: z.boolean(),
    idempotent: z.boolean(),
    openWorld: z.boolean(),
  }),
  /** Decision per role name. */
  decisions: z.record(z.string(), DecisionViewSchema),
  /** What the tool gets where no rule decides (its server's default, else its annotations). */
  defaultAction: ActionSchema.optional(),
});
export type ToolView = z.infer<typeof ToolViewSchema>;

/** A key as listed: never its secret or its hash. */
export const KeyViewSchema = z.object({
  name: z.string(),
  role: RoleNameSchema,
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
});
export type KeyView = z.infer<typeof KeyViewSchema>;

/** A call waiting for a person. Times are epoch milliseconds. */
export const ApprovalViewSchema = z.object({
  id: z.string(),
  tool: z.string(),
  serverId: ServerIdSchema,
  description: z.string(),
  role: RoleNameSchema,
  keyName: z.string(),
  /** The exact arguments the call will run with (credential-looking values masked). */
  arguments: z.record(z.string(), z.unknown()),
  /** SHA-256 of the canonical arguments; a decision applies to exactly these arguments. */
  argsDigest: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
});
export type ApprovalView = z.infer<typeof ApprovalViewSchema>;

/** How a call ended, as the audit log records it. */
export const OutcomeSchema = z.enum(['ok', 'error', 'denied', 'cancelled']);
export type Outcome = z.infer<typeof OutcomeSchema>;

/** Who made a call's decision. */
export const DecidedBySchema = z.enum([
  'rule',
  'server',
  'annotations',
  'role',
  'person',
  'timeout',
  'paused',
  'review',
  // A server's request during a call: the agent cannot take it, or nothing was configured.
  'agent',
  'default',
]);
export type DecidedBy = z.infer<typeof DecidedBySchema>;

/** One line of the audit log (`<data dir>/audit/audit.jsonl`). */
export const AuditEntrySchema = z.object({
  /** ISO time the call arrived. */
  time: z.string(),
  keyName: z.string(),
  role: z.string(),
  /** `tools/call`, `resources/read`, or a relayed server request (`sampling/createMessage`…). */
  method: z.string(),
  /** The namespaced tool name, or the resource URI. */
  tool: z.string(),
  serverId: z.string(),
  argsDigest: z.string(),
  /** A short, redacted preview of the arguments. */
  argsPreview: z.string(),
  decision: ActionSchema,
  decidedBy: DecidedBySchema,
  outcome: OutcomeSchema,
  /** From arrival to answer: the person's wait and the server's time together. */
  durationMs: z.number(),
  /** How long the call waited for a person's approval (only calls that asked one). */
  waitMs: z.number().optional(),
  /** How long the server (or the cache) took once the call was let through. */
  serverMs: z.number().optional(),
  cacheHit: z.boolean(),
  /**
   * How long the call waited for its server to start (ms), part of `durationMs`: present when
   * the call found the server asleep or starting (a cold start).
   */
  startMs: z.number().optional(),
  /** Which server answered, when a fallback did. */
  answeredBy: z.string().optional(),
  error: z.string().optional(),
  /** The start of the result's text, secrets masked (successful and failed tool results). */
  result: z.string().optional(),
  /** This call's id, when requests it caused were relayed (they name it in `causedBy`). */
  callId: z.string().optional(),
  /** For a request a server sent the agent during a call: the `callId` of that call. */
  causedBy: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** One server's figures in a one-second metrics sample. */
export const ServerSampleSchema = z.object({
  id: z.string(),
  rssBytes: z.number().optional(),
  callsPerSec: z.number(),
  errorsPerSec: z.number(),
  /** The server's time per call (approval waits left out), median and 95th percentile. */
  p50Ms: z.number().optional(),
  p95Ms: z.number().optional(),
  inFlight: z.number(),
  cacheHitRate: z.number().optional(),
});
export type ServerSample = z.infer<typeof ServerSampleSchema>;

/** A one-second metrics sample (the ring buffer keeps the last 15 minutes). */
/** Running totals since the gateway started. */
export const MetricsTotalsSchema = z.object({
  calls: z.number(),
  errors: z.number(),
  cacheHits: z.number(),
  startedAt: z.number(),
});
export type MetricsTotals = z.infer<typeof MetricsTotalsSchema>;

/** Approval waits that ended in one sample's window (a person's time, not a server's). */
export const WaitSampleSchema = z.object({
  count: z.number(),
  p50Ms: z.number().optional(),
  maxMs: z.number().optional(),
});
export type WaitSample = z.infer<typeof WaitSampleSchema>;

export const MetricsSampleSchema = z.object({
  t: z.number(),
  gatewayRssBytes: z.number(),
  servers: z.array(ServerSampleSchema),
  /** Approval waits in this window; absent when none ended (and in samples from older versions). */
  waits: WaitSampleSchema.optional(),
  /** The running totals when the sample was taken (the UI shows these, never sums of rates). */
  totals: MetricsTotalsSchema,
});
export type MetricsSample = z.infer<typeof MetricsSampleSchema>;

/** The metrics ring buffer plus running totals. */
export const MetricsSnapshotSchema = z.object({
  samples: z.array(MetricsSampleSchema),
  totals: MetricsTotalsSchema,
});
export type MetricsSnapshot = z.infer<typeof MetricsSnapshotSchema>;

/** The spans the metrics charts can show. */
export const MetricsRangeSchema = z.enum(['5m', '1h', '24h', '7d']);
export type MetricsRange = z.infer<typeof MetricsRangeSchema>;

/** Each range's span and the width of one point in it (finer ranges keep finer points). */
export const METRICS_RANGES: Record<MetricsRange, { spanMs: number; stepMs: number }> = {
  '5m': { spanMs: 5 * 60_000, stepMs: 1000 },
  '1h': { spanMs: 60 * 60_000, stepMs: 10_000 },
  '24h': { spanMs: 24 * 60 * 60_000, stepMs: 5 * 60_000 },
  '7d': { spanMs: 7 * 24 * 60 * 60_000, stepMs: 30 * 60_000 },
};

/**
 * The samples of one range, oldest first, each standing for `stepMs` (rates are means over it,
 * p95 and waits' max the worst). A stretch without samples (the gateway was not running) is
 * simply absent.
 */
export const MetricsHistorySchema = z.object({
  range: MetricsRangeSchema,
  stepMs: z.number(),
  samples: z.array(MetricsSampleSchema),
});
export type MetricsHistory = z.infer<typeof MetricsHistorySchema>;

/** The gateway at a glance. */
export const OverviewSchema = z.object({
  version: z.string(),
  /** `http://127.0.0.1:<port>/mcp` */
  endpoint: z.string(),
  dataDir: z.string(),
  paused: z.boolean(),
  servers: z.array(ServerViewSchema),
  roles: z.array(RoleSchema),
  keys: z.array(KeyViewSchema),
  approvals: z.array(ApprovalViewSchema),
});
export type Overview = z.infer<typeof OverviewSchema>;

/** A setting a preset asks for; the UI renders one form field per entry. */
export const PresetFieldSchema = z.object({
  key: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
  label: z.string(),
  description: z.string(),
  required: z.boolean(),
  secret: z.boolean(),
  kind: z.enum(['path', 'text', 'url', 'token', 'hosts', 'number']),
  /** May use `${dataDir}` and `${id}` (the server's id). */
  default: z.string().optional(),
  /**
   * What a `path` names: a `folder` that must exist, or a `file` whose folder must exist (the
   * server creates the file when it is missing; an existing one must be a file).
   */
  pathIs: z.enum(['folder', 'file']).optional(),
  /** For a `url`: the schemes it may use (`postgres:`); any when absent. */
  schemes: z.array(z.string()).optional(),
  /** A check that opens the thing named (a test connection, a file's header) at add and edit. */
  probe: z.enum(['postgres', 'sqlite']).optional(),
});
export type PresetField = z.infer<typeof PresetFieldSchema>;

/** A preset as the UI lists it: what it is, what it does with the network, what it asks for. */
export const PresetViewSchema = z.object({
  id: ServerIdSchema,
  kind: z.enum(['filesystem', 'web', 'pdf', 'github', 'database', 'office', 'memory', 'workspace']),
  title: z.string(),
  description: z.string(),
  package: z.string(),
  licence: z.string(),
  network: z.string(),
  bundled: z.boolean(),
  fields: z.array(PresetFieldSchema),
  /**
   * How the server wants a person to prove who they are: `oauth` for a remote server that signs
   * people in on its provider's page (the MCP authorization spec), so adding it leads straight
   * to that sign-in. Absent: the settings carry whatever credential it needs.
   */
  auth: z.enum(['oauth']).optional(),
});
export type PresetView = z.infer<typeof PresetViewSchema>;

/** The MCP clients Switchboard can import from and write snippets for. */
export const ClientKindSchema = z.enum([
  'claude-desktop',
  'claude-code',
  'cursor',
  'vscode',
  'windsurf',
]);
export type ClientKind = z.infer<typeof ClientKindSchema>;

/** What importing one client's config file would bring in (every server disabled). */
export const ImportPreviewSchema = z.object({
  client: ClientKindSchema,
  file: z.string(),
  servers: z.array(ServerConfigSchema),
  warnings: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

/** A ready-to-paste connection snippet for one client. */
export const SnippetSchema = z.object({
  client: z.union([ClientKindSchema, z.literal('python')]),
  title: z.string(),
  format: z.enum(['shell', 'json', 'python']),
  where: z.string(),
  text: z.string(),
});
export type Snippet = z.infer<typeof SnippetSchema>;

/** A tool waiting for a person's review (tool pinning): changed, new, or flagged. */
export const ChangeViewSchema = z.object({
  /** Stable for one server, tool and version. */
  id: z.string(),
  server: z.string(),
  tool: z.string(),
  reason: z.enum(['changed', 'new', 'flagged']),
  /** What the description scanner found (instructions aimed at the model, hidden characters). */
  flags: z.array(z.string()),
  /** A readable diff of the pinned fields: old (`-`) against new (`+`). */
  diff: z.string(),
});
export type ChangeView = z.infer<typeof ChangeViewSchema>;

/** The whole setup as one portable file: servers, roles and rules, settings; no secrets, no keys. */
export const SetupFileSchema = z.object({
  format: z.literal('switchboard-setup'),
  version: z.literal(1),
  exportedAt: z.string(),
  settings: SettingsSchema.partial().default({}),
  servers: z.array(ServerConfigSchema),
  roles: z.array(RoleSchema),
});
export type SetupFile = z.infer<typeof SetupFileSchema>;
