/**
 * The gateway's front door: the only module that code outside `gateway/` (compose.ts, the
 * entries, cli/, control/, desktop/, setup/) may import. Each export is listed here on purpose,
 * grouped by the room it lives in, so the surface the rest of the app depends on stays small
 * and visible; everything else is the gateway's own business. test/boundaries.test.ts and the
 * ESLint import rules enforce it.
 */

// The orchestrator, the ports it needs filled in, and its one error class.
export { Gateway } from './gateway.js';
export { plainSecretStore } from './ports.js';
export type { ConfigStore, Logger, Notifier, SecretStore } from './ports.js';
export { GatewayError, errorMessage } from './errors.js';

// http/: the agent-facing endpoint, keys, and the body helpers the control transport shares.
export { startEndpoint } from './http/endpoint.js';
export type { Endpoint, ExtraRoute } from './http/endpoint.js';
export {
  createKeyRing,
  generateKey,
  hashKey,
  keyExpiry,
  keyRecord,
  parseBearer,
} from './http/keys.js';
export type { KeyRing } from './http/keys.js';
export { BodyError, parseJsonBody, readBody, sendJson } from './http/http-body.js';
export { ownSecretValues } from './http/agent-mask.js';

// pipeline/: the call pipeline and the policy it applies.
export { Calls } from './pipeline/calls.js';
export { Approvals } from './pipeline/approvals.js';
export { ResponseCache } from './pipeline/cache.js';
export { Exposure, decideTool, findRole } from './pipeline/exposure.js';
export { decide, defaultDecision } from './pipeline/policy.js';
export type { ToolFacts } from './pipeline/policy.js';
export { conditionArgProblem, narrowAlwaysProblem } from './pipeline/condition-args.js';
export { describeCondition, riskyRegex } from './pipeline/rule-conditions.js';
export type { BucketLimits } from './pipeline/token-bucket.js';

// catalog/: what the servers offer, how it is named, pinned, reviewed and searched.
export type { CatalogTool, ServerLists } from './catalog/catalog.js';
export { NAME_SEPARATOR } from './catalog/names.js';
export { createCatalogMemory } from './catalog/catalog-memory.js';
export type { CatalogCache, CatalogMemory } from './catalog/catalog-memory.js';
export { createShippedLists, packageKey } from './catalog/shipped-lists.js';
export type { ShippedLists, ShippedListsFile } from './catalog/shipped-lists.js';
export { createMetaTools } from './catalog/meta-tools.js';
export { PinStore } from './catalog/pinning.js';
export { ToolReview } from './catalog/review.js';
export { ToolIndex } from './catalog/search.js';
export { UsageFeedback } from './catalog/search-feedback.js';
export { createWordVectorSource } from './catalog/word-vectors.js';
export type { WordVectors } from './catalog/word-vectors.js';

// config/: the config file, the data directory and the secrets sealed in it.
export { createFileConfigStore } from './config/config.js';
export { expandPlaceholders, resolvePackageBin } from './config/default-config.js';
export type { DefaultResolver } from './config/default-config.js';
export {
  BackgroundFile,
  ensurePrivateDir,
  readTextIfExists,
  writeFileAtomic,
} from './config/files.js';
export { CONTROL_TOKEN_FILE, ensureAdminKey, ensureControlToken } from './config/first-run.js';
export { loadMcpServersFile, serversFromMcpServers } from './config/mcp-servers-file.js';
export { sealConfigStore } from './config/sealed-store.js';
export { tightenDataDir } from './config/tighten-modes.js';

// observe/: audit, metrics, logs and the redaction every one of them applies.
export { AuditLog } from './observe/audit.js';
export { AuditCursorError, AuditReader } from './observe/audit-reader.js';
export { MetricsHistoryStore } from './observe/metrics-history.js';
export { Metrics } from './observe/metrics.js';
export { createLogger } from './observe/logger.js';
export { createRedactor } from './observe/redact.js';
export type { Redactor } from './observe/redact.js';

// relay/: traffic from servers to agents.
export { SessionRelays } from './relay/session-relays.js';

// upstream/: how servers are started and why one is down.
export { spawnLauncher } from './upstream/stdio-launch.js';
export type { StdioLauncher } from './upstream/stdio-launch.js';
export { configProblem } from './upstream/down-reason.js';
export { createOAuthCallbackRoute } from './upstream/oauth/callback-route.js';
export { createSignIns } from './upstream/oauth/create-sign-ins.js';
export type { OAuthSignIns } from './upstream/oauth/sign-ins.js';
