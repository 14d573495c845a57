import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { ClientOptions } from '@modelcontextprotocol/client';
import type { z } from 'zod';
import { ConfigSchema, type Config, type ServerConfigSchema } from '../../src/shared/model.js';
import { createSwitchboard, type Switchboard } from '../../src/main/compose.js';
import { createFileConfigStore } from '../../src/main/gateway/config/config.js';
import { defaultConfig } from '../../src/main/gateway/config/default-config.js';
import { CONTROL_TOKEN_FILE } from '../../src/main/gateway/config/first-run.js';
import { silentLogger } from '../../src/main/gateway/observe/logger.js';
import { plainSecretStore, type Logger } from '../../src/main/gateway/ports.js';
import type { StdioLauncher } from '../../src/main/gateway/upstream/stdio-launch.js';
import type { BucketLimits } from '../../src/main/gateway/pipeline/token-bucket.js';

/** A Switchboard running in this process on a free port, with a temp data directory. */
export interface TestSwitchboard {
  sb: Switchboard;
  dataDir: string;
  /** The first-run admin key. */
  adminKey: string;
  /** The token that opens the control API over HTTP (the data dir's `control-token`). */
  controlToken: string;
  url: string;
  /** Creates a key for a role through the control API. */
  key(role: string, name?: string): Promise<string>;
  /** An SDK client connected to `/mcp` (or `path`) with a key; `era` picks the protocol era. */
  connect(key: string, options?: ConnectOptions): Promise<Client>;
  stop(): Promise<void>;
}

export interface ConnectOptions {
  era?: 'legacy' | 'modern';
  path?: string;
  clientOptions?: ClientOptions;
}

/** Config overrides for a test: servers, and optionally roles/settings. */
export interface TestConfig {
  servers: z.input<typeof ServerConfigSchema>[];
  roles?: z.input<typeof ConfigSchema>['roles'];
  settings?: Partial<Config['settings']>;
  /** Starts stdio servers another way than `spawn` (as the desktop app does). */
  launcher?: StdioLauncher;
  /** Where the gateway logs (silent by default). */
  logger?: Logger;
  /** Per-server limit on log lines relayed to agents. */
  logLimits?: BucketLimits;
  /** Tool search's word vectors (default: the shipped file; false: none). */
  wordVectorsFile?: string | false;
}

/**
 * Starts a real Switchboard (gateway, control service, endpoint) with the given servers and
 * the default roles, in a fresh temp data directory; `stop()` removes everything it started.
 */
export async function startSwitchboard(test: TestConfig): Promise<TestSwitchboard> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  const base = defaultConfig(dataDir);
  const config = ConfigSchema.parse({
    ...base,
    servers: test.servers,
    roles: test.roles ?? base.roles,
    settings: { ...base.settings, startTimeoutMs: 20_000, ...test.settings },
  });
  const store = createFileConfigStore(dataDir);
  store.save(config);
  const sb = await createSwitchboard({
    dataDir,
    store,
    secrets: plainSecretStore,
    logger: test.logger ?? silentLogger,
    port: 0,
    ...(test.launcher ? { launcher: test.launcher } : {}),
    ...(test.logLimits ? { logLimits: test.logLimits } : {}),
    ...(test.wordVectorsFile !== undefined ? { wordVectorsFile: test.wordVectorsFile } : {}),
  });
  const adminKey = readFileSync(sb.adminKeyFile!, 'utf8').trim();
  const controlToken = readFileSync(join(dataDir, CONTROL_TOKEN_FILE), 'utf8').trim();
  const clients: Client[] = [];
  let counter = 0;
  return {
    sb,
    dataDir,
    adminKey,
    controlToken,
    url: sb.endpointUrl,
    async key(role, name) {
      const created = await sb.control.createKey({ name: name ?? `${role}-${++counter}`, role });
      return created.secret;
    },
    async connect(key, options = {}) {
      const client = new Client({ name: 'test-agent', version: '1.0.0' }, {
        ...options.clientOptions,
        versionNegotiation: { mode: options.era === 'modern' ? { pin: '2026-07-28' } : 'legacy' },
      } as ClientOptions);
      const url = new URL(options.path ? `${sb.endpoint.origin}${options.path}` : sb.endpointUrl);
      await client.connect(
        new StreamableHTTPClientTransport(url, {
          requestInit: { headers: { authorization: `Bearer ${key}` } },
        }),
      );
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await sb.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
