import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { ControlEvent } from '../shared/control.js';
import type { Config, ServerConfig } from '../shared/model.js';
import { createControlService, type ControlService } from './control/control-service.js';
import { createDispatch } from './control/dispatch.js';
import { createHttpControlRoute } from './control/http-transport.js';
import {
  Approvals,
  AuditLog,
  AuditReader,
  Calls,
  Exposure,
  Gateway,
  Metrics,
  MetricsHistoryStore,
  PinStore,
  ResponseCache,
  SessionRelays,
  ToolIndex,
  ToolReview,
  UsageFeedback,
  createCatalogMemory,
  createKeyRing,
  keyExpiry,
  createMetaTools,
  createOAuthCallbackRoute,
  createRedactor,
  createShippedLists,
  createSignIns,
  createWordVectorSource,
  decideTool,
  ensureAdminKey,
  ensureControlToken,
  ensurePrivateDir,
  parseBearer,
  sealConfigStore,
  startEndpoint,
  tightenDataDir,
} from './gateway/index.js';
import type {
  BucketLimits,
  ConfigStore,
  Endpoint,
  KeyRing,
  Logger,
  Notifier,
  Redactor,
  SecretStore,
  StdioLauncher,
  WordVectors,
} from './gateway/index.js';

import { VERSION } from './version.js';

export { VERSION };

/** What an entry (headless or Electron) plugs in. */
export interface SwitchboardPorts {
  dataDir: string;
  store: ConfigStore;
  secrets: SecretStore;
  logger: Logger;
  notifier?: Notifier;
  /** The redactor the logger masks with; created here when absent. */
  redactor?: Redactor;
  /** Overrides the configured port; 0 picks a free one. */
  port?: number;
  /** The built web UI (`out/renderer`), served at `/` in headless mode. */
  webRoot?: string;
  /** Starts stdio servers another way than `spawn` (the app: bundled servers in utility processes). */
  launcher?: StdioLauncher;
  /** Servers to merge into the config before start (`serve --servers FILE`); same ids replace. */
  extraServers?: ServerConfig[];
  /** Per-server limit on log lines relayed to agents (default: agent-logging.ts). */
  logLimits?: BucketLimits;
  /**
   * Where Switchboard's OAuth client ID metadata document is published (an https URL), for
   * authorization servers that accept one; without it, dynamic registration is used.
   */
  oauthClientMetadataUrl?: string;
  /**
   * Opens a sign-in page in the person's browser (the desktop: the system browser). Headless
   * leaves it to the control center's page, or prints it (`switchboard signin`).
   */
  openSignInPage?: (url: string) => void;
  /**
   * The lists shipped for the presets' packages (default: resources/shipped-lists.json of
   * this app); `false` ships none (the benchmark's comparison).
   */
  shippedListsFile?: string | false;
  /**
   * The word vectors tool search reads (default: resources/word-vectors.bin of this app);
   * `false` reads none: lexical ranking only (the benchmark's comparison).
   */
  wordVectorsFile?: string | false;
}

/** A running Switchboard. */
export interface Switchboard {
  gateway: Gateway;
  control: ControlService;
  endpoint: Endpoint;
  /** Log lines and resource subscriptions relayed to agents. */
  relays: SessionRelays;
  /** `http://127.0.0.1:<port>/mcp` */
  endpointUrl: string;
  /** The web control center, with the control token in the fragment. */
  controlCenterUrl: string;
  /** Set on a first run: where the new admin key was written. */
  adminKeyFile?: string;
  /** Things the person should know (a corrupt config moved aside, …). */
  warnings: string[];
  stop(): Promise<void>;
}

/**
 * Builds and starts everything that works without a window — gateway, control service,
 * endpoint — from the ports an entry supplies. Shared by `switchboard serve` and the app.
 */
export async function createSwitchboard(ports: SwitchboardPorts): Promise<Switchboard> {
  const { dataDir, logger } = ports;
  const store = sealConfigStore(ports.store, ports.secrets);
  for (const line of tightenDataDir(dataDir)) logger.warn(line);
  ensurePrivateDir(dataDir);
  const loaded = store.load();
  let config = mergeServers(loaded.config, ports.extraServers);
  const admin = ensureAdminKey(dataDir, config);
  config = admin.config;
  // What recovery did (a corrupt config, a replaced admin key) is said on screen and in the log.
  if (admin.warning) loaded.warnings.push(admin.warning);
  for (const warning of loaded.warnings) logger.warn(warning);
  if (config !== loaded.config) store.save(config);
  const controlToken = ensureControlToken(dataDir);
  const redactor = ports.redactor ?? createRedactor();
  for (const secret of [controlToken, ...secretValues(config)]) redactor.add(secret);
  let keyRing: KeyRing = createKeyRing(config.keys, { now: Date.now });

  const writeFailed = (what: string) => (error: unknown) =>
    logger.error({ err: redactor.text(String(error)) }, `could not write ${what}`);
  const pins = new PinStore(join(dataDir, 'pins.json'), Date.now, writeFailed('pins.json'));
  const review = new ToolReview(pins);
  const catalogCache = createCatalogMemory(
    join(dataDir, 'catalog-cache.json'),
    writeFailed('catalog-cache.json'),
  );
  const gateway = new Gateway(config, logger, catalogCache, ports.launcher, review);
  const shippedFile = ports.shippedListsFile ?? findResource('shipped-lists.json');
  if (shippedFile) gateway.shippedLists = createShippedLists(shippedFile);
  const audit = new AuditLog(join(dataDir, 'audit'));
  // Pages and exports read the files on disk, masked again with today's secrets.
  const auditReader = new AuditReader(join(dataDir, 'audit'), { mask: (t) => redactor.text(t) });
  const metrics = new Metrics();
  const history = new MetricsHistoryStore({
    file: join(dataDir, 'metrics-history.json'),
    onError: (message) => logger.warn(message),
  });
  gateway.onUpstreamReinitialized = (id) => metrics.observeReinitialization(id);
  // Events flow to the control service, created below; nothing publishes before start().
  const publish = (event: ControlEvent) => control.publish(event);
  const publishServer = (id: string) => gateway.emitServer(id);
  const approvals = new Approvals(
    {
      timeoutMs: () => gateway.config.settings.approvalTimeoutMs,
      maxPendingPerKey: () => gateway.config.settings.maxPendingPerKey,
    },
    {
      onRequested: (approval) => {
        publish({ type: 'approvalRequested', approval });
        ports.notifier?.notify(
          'Approval needed',
          `${approval.keyName} (${approval.role}) wants ${approval.tool}`,
        );
      },
      onSettled: (id, outcome) => publish({ type: 'approvalSettled', id, outcome }),
    },
  );
  audit.subscribe((entry) => publish({ type: 'auditAppended', entry }));
  const exposure = new Exposure(gateway.catalog, () => gateway.config);
  const settings = config.settings;
  const cache =
    settings.cacheTtlMs > 0
      ? new ResponseCache({ ttlMs: settings.cacheTtlMs, maxBytes: settings.cacheMaxBytes })
      : undefined;
  const calls = new Calls({
    cache,
    gateway,
    exposure,
    approvals,
    audit,
    metrics,
    redactor,
  });

  // Which tool an agent called after a find_tools answer, read from the audit lines.
  const usage = new UsageFeedback({ file: join(dataDir, 'routing-usage.json') });
  audit.subscribe((entry) => usage.noteCall(entry));
  const meta = createMetaTools({
    catalog: gateway.catalog,
    index: new ToolIndex(gateway.catalog, {}, usage, wordVectors(ports.wordVectorsFile, logger)),
    usage,
    decide: (role, tool) => decideTool(gateway.config, role, tool),
    // The same pipeline as a direct call: policy, approval, cache and audit.
    callTool: (name, args, ctx) => calls.callTool({}, name, args, ctx),
  });
  const port = ports.port ?? config.settings.port;
  let endpointUrl = '';
  let origin = '';
  const signIns = createSignIns(
    ports,
    redactor,
    gateway,
    () => origin,
    publishServer,
    (id, reason) => publish({ type: 'signInNeeded', serverId: id, reason }),
  );
  gateway.upstreamAuth = (id, url) => signIns.providerFor(id, url);
  const control: ControlService = createControlService({
    gateway,
    store,
    approvals,
    audit,
    auditPages: auditReader,
    metrics,
    history,
    dataDir,
    version: VERSION,
    endpointUrl: () => endpointUrl,
    // The person's "Try it" goes through the agents' pipeline: policy, approval, audit.
    tryTool: { calls, redactor },
    signIns,
  });
  const dispatch = createDispatch(control, (error) =>
    logger.error({ err: redactor.text(String(error)) }, 'control call failed'),
  );
  gateway.subscribe((event) => {
    if (event.type !== 'configChanged') return;
    keyRing = createKeyRing(gateway.config.keys, { now: Date.now });
    for (const secret of secretValues(gateway.config)) redactor.add(secret);
  });
  const relays = new SessionRelays({
    gateway,
    exposure,
    redactor,
    logger,
    ...(ports.logLimits ? { limits: ports.logLimits } : {}),
  });
  const endpoint = await startEndpoint({
    gateway,
    calls,
    exposure,
    meta,
    logger,
    relays,
    port,
    authenticate: (header) => {
      const record = keyRing.verify(parseBearer(header));
      if (!record) return undefined;
      const expiresAt = keyExpiry(record);
      return {
        keyName: record.name,
        role: record.role,
        ...(expiresAt === undefined ? {} : { expiresAt }),
      };
    },
    extraRoutes: [
      createOAuthCallbackRoute(signIns),
      createHttpControlRoute({
        dispatch,
        subscribe: control.subscribe,
        token: controlToken,
        webRoot: ports.webRoot,
        prometheus: () => metrics.prometheus(),
        auditLines: auditReader,
      }),
    ],
  });
  endpointUrl = `${endpoint.origin}/mcp`;
  origin = endpoint.origin;
  // Servers start once the endpoint listens: an agent can connect (and list what the servers
  // listed last time) while ten child processes boot and compete for the CPU.
  const started = gateway.start();

  const unwatch = store.watch((result) => {
    for (const warning of result.warnings) logger.warn(warning);
    void gateway.applyConfig(result.config);
  });
  metrics.setProcesses(() => ({ gateway: process.pid, servers: gateway.processes() }));
  metrics.setServerStates(() => gateway.statuses());
  metrics.start(1000, (sample) => {
    history.add(sample);
    publish({ type: 'metricsSample', sample });
  });
  await started;

  return {
    gateway,
    control,
    endpoint,
    relays,
    endpointUrl,
    controlCenterUrl: `${endpoint.origin}/#token=${controlToken}`,
    ...(admin.file ? { adminKeyFile: admin.file } : {}),
    warnings: review.warning ? [...loaded.warnings, review.warning] : loaded.warnings,
    async stop() {
      unwatch();
      metrics.stop();
      approvals.clear();
      await endpoint.close();
      relays.close();
      await gateway.stop();
      await Promise.all([pins.flush(), catalogCache.flush(), history.flush()]);
      audit.close();
    },
  };
}

/**
 * resources/<name> of this app: above the build (out/main/chunks/… in a bundle, also inside
 * app.asar) or these sources (src/main/…); undefined when there is none.
 */
function findResource(name: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up += 1, dir = dirname(dir)) {
    const file = join(dir, 'resources', name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Tool search's word vectors: found now, read at the first search (a start never waits for
 * them); none when `file` is false.
 */
function wordVectors(
  file: string | false | undefined,
  logger: Logger,
): (() => WordVectors | undefined) | undefined {
  if (file === false) return undefined;
  return createWordVectorSource(file ?? findResource('word-vectors.bin'), logger);
}

/**
 * Adds servers (replacing same ids), keeping the config's order for the rest. The config itself
 * when that changes nothing (`serve --servers FILE` started again with the same file): it is not
 * validated and written again at each start.
 */
function mergeServers(config: Config, extra: ServerConfig[] | undefined): Config {
  if (!extra || extra.length === 0) return config;
  const ids = new Set(extra.map((s) => s.id));
  const servers = [...config.servers.filter((s) => !ids.has(s.id)), ...extra];
  return isDeepStrictEqual(servers, config.servers) ? config : { ...config, servers };
}

/** Every configured secret value (env and headers named in `secrets`), for the redactor. */
export function secretValues(config: Config): string[] {
  const values: string[] = [];
  for (const server of config.servers) {
    const map = server.transport.type === 'stdio' ? server.transport.env : server.transport.headers;
    for (const name of server.secrets) {
      const value = map[name];
      if (value) values.push(value);
    }
  }
  return values;
}

export type { Redactor };
