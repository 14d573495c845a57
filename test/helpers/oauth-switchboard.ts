import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { ConfigSchema } from '../../src/shared/model.js';
import { createSwitchboard, type Switchboard } from '../../src/main/compose.js';
import { createFileConfigStore } from '../../src/main/gateway/config/config.js';
import { defaultConfig } from '../../src/main/gateway/config/default-config.js';
import { createLogger } from '../../src/main/gateway/observe/logger.js';
import { createRedactor, type Redactor } from '../../src/main/gateway/observe/redact.js';
import { plainSecretStore, type Notifier } from '../../src/main/gateway/ports.js';
import { startAuthServer, type AuthServerOptions } from '../fixtures/oauth/auth-server.js';
import { startProtectedServer } from '../fixtures/oauth/protected-server.js';

/** A Switchboard over a data directory a test keeps (to start it again), logging to a file. */
export interface OAuthSwitchboard {
  sb: Switchboard;
  /** The redactor its logger masks with (it learns every token as it arrives). */
  redactor: Redactor;
  /** A real SDK client on `/mcp` with a fresh admin-role key. */
  agent(): Promise<Client>;
  stop(): Promise<void>;
}

/**
 * Starts Switchboard on `dataDir` with remote servers `{ id: url }` (the first start writes the
 * config; later ones keep it), its log at `<dataDir>/logs/switchboard.log` at debug level.
 */
export async function startOAuthSwitchboard(
  dataDir: string,
  servers: Record<string, string>,
  options: { oauthClientMetadataUrl?: string; notifier?: Notifier } = {},
): Promise<OAuthSwitchboard> {
  const store = createFileConfigStore(dataDir);
  const base = store.load();
  if (base.created || base.config.servers.length === 0) {
    const fresh = defaultConfig(dataDir);
    store.save(
      ConfigSchema.parse({
        ...fresh,
        servers: Object.entries(servers).map(([id, url]) => ({
          id,
          transport: { type: 'http', url },
        })),
      }),
    );
  }
  const redactor = createRedactor();
  const logger = createLogger({
    level: 'debug',
    destination: join(dataDir, 'logs', 'switchboard.log'),
    redactor,
  });
  const sb = await createSwitchboard({
    dataDir,
    store,
    secrets: plainSecretStore,
    logger,
    redactor,
    port: 0,
    ...options,
  });
  const adminKey = readFileSync(join(dataDir, 'admin-key.txt'), 'utf8').trim();
  const clients: Client[] = [];
  let stopped: Promise<void> | undefined;
  return {
    sb,
    redactor,
    async agent() {
      const client = new Client({ name: 'oauth-test-agent', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(sb.endpointUrl), {
          requestInit: { headers: { authorization: `Bearer ${adminKey}` } },
        }),
      );
      clients.push(client);
      return client;
    },
    stop() {
      stopped ??= (async () => {
        await Promise.allSettled(clients.map((c) => c.close()));
        await sb.stop();
        logger.flush();
      })();
      return stopped;
    },
  };
}

/**
 * Signs in as a person would in a browser, with plain HTTP: opens the authorization page,
 * posts the login form, follows the redirect to Switchboard's callback. Returns the page.
 */
export async function signInByForm(
  authorizationUrl: string,
): Promise<{ status: number; text: string }> {
  const page = await fetch(authorizationUrl);
  if (!page.ok) throw new Error(`authorization page: ${page.status} ${await page.text()}`);
  await page.text();
  const posted = await fetch(authorizationUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'alice', password: 'wonderland' }),
    redirect: 'manual',
  });
  const location = posted.headers.get('location');
  if (!location) throw new Error(`login refused: ${posted.status} ${await posted.text()}`);
  const callback = await fetch(location);
  return { status: callback.status, text: await callback.text() };
}

/** What a test runs after it, last pushed first. */
export type Cleanup = () => Promise<void> | void;

/**
 * An authorization server, the MCP server it protects, and a data directory for Switchboard;
 * what closes and removes them goes onto `cleanups`.
 */
export async function startProtectedNotes(cleanups: Cleanup[], options: AuthServerOptions = {}) {
  const as = await startAuthServer(options);
  const mcp = await startProtectedServer(as);
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-oauth-'));
  cleanups.push(
    () => as.close(),
    () => mcp.close(),
    () => rmSync(dataDir, { recursive: true, force: true }),
  );
  return { as, mcp, dataDir };
}

/** Calls the protected server's `whoami` through the gateway: who it saw, or its error. */
export async function whoami(agent: Client): Promise<{ isError: boolean; text: string }> {
  const result = await agent.callTool({ name: 'notes__whoami', arguments: {} });
  return {
    isError: result.isError === true,
    text: (result.content as Array<{ text: string }>)[0]!.text,
  };
}
