import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { ServerConfig } from '../../shared/model.js';
import { createSwitchboard, type Switchboard } from '../compose.js';
import {
  createFileConfigStore,
  createLogger,
  createRedactor,
  loadMcpServersFile,
  plainSecretStore,
  serversFromMcpServers,
} from '../gateway/index.js';
import { UsageError, stringOption, type ParsedArgs } from './args.js';
import { installFatalHandlers } from './fatal.js';
import type { Output } from './admin.js';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file-writer.js';

/** The built web UI next to the built headless entry (`out/main/../renderer`), if present. */
function defaultWebRoot(): string | undefined {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
  return existsSync(join(root, 'index.html')) ? root : undefined;
}

/** Reads `--servers FILE` (the `mcpServers` format); warnings go to stderr. */
function extraServers(args: ParsedArgs, io: Output): ServerConfig[] | undefined {
  const file = stringOption(args, 'servers');
  if (!file) return undefined;
  const { servers, warnings } = serversFromMcpServers(loadMcpServersFile(file));
  for (const warning of warnings) io.err(`Warning: ${warning}`);
  return servers;
}

/**
 * `switchboard serve`: runs the gateway headless until SIGINT/SIGTERM, then stops every child
 * server and exits. Prints one `Switchboard ready: …` line once every server has been tried.
 */
export async function serveCommand(
  dataDir: string,
  args: ParsedArgs,
  io: Output,
): Promise<Switchboard> {
  const portText = stringOption(args, 'port');
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new UsageError('--port takes a number from 0 to 65535');
  }
  const redactor = createRedactor();
  const logger = createLogger({
    level: (process.env.SWITCHBOARD_LOG_LEVEL as 'info' | undefined) ?? 'info',
    destination: join(dataDir, 'logs', 'switchboard.log'),
    redactor,
  });
  installFatalHandlers(
    logger,
    (line) => io.err(redactor.text(line)),
    (code) => process.exit(code),
  );
  const switchboard = await createSwitchboard({
    dataDir,
    store: createFileConfigStore(dataDir),
    secrets: plainSecretStore,
    logger,
    redactor,
    port,
    webRoot: stringOption(args, 'web-root') ?? defaultWebRoot(),
    extraServers: extraServers(args, io),
    // Off only to measure what the shipped lists save (npm run bench).
    ...(process.env.SWITCHBOARD_SHIPPED_LISTS === 'off'
      ? { shippedListsFile: false as const }
      : {}),
    // Off only to measure what the semantic signal of tool search costs and gives.
    ...(process.env.SWITCHBOARD_WORD_VECTORS === 'off' ? { wordVectorsFile: false as const } : {}),
    ...oauthClientMetadata(args),
  });
  for (const warning of switchboard.warnings) io.err(`Warning: ${warning}`);
  if (switchboard.adminKeyFile) {
    io.err(
      `First run: created an admin key in ${switchboard.adminKeyFile} (only you can read it).`,
    );
  }
  writeRuntimeFile(dataDir, switchboard.endpoint.origin);
  const down = switchboard.gateway
    .statuses()
    .filter((s) => s.state === 'down' || s.state === 'starting');
  for (const s of down)
    io.err(`Server "${s.id}" is ${s.state}${s.lastError ? `: ${s.lastError}` : ''}`);
  for (const s of switchboard.gateway.statuses().filter((s) => s.state === 'needs-signin'))
    io.err(`Server "${s.id}" needs sign-in: switchboard signin ${s.id}`);
  io.out(`Switchboard ready: MCP endpoint ${switchboard.endpointUrl}`);
  io.out(`Control center: ${switchboard.controlCenterUrl}`);
  io.out(`Connect an agent with "Authorization: Bearer <key>" (data: ${dataDir}). Ctrl+C stops.`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    io.err(`${signal}: stopping Switchboard…`);
    await switchboard.stop();
    removeRuntimeFile(dataDir);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return switchboard;
}

/** `--oauth-client-metadata-url URL`: where Switchboard's client ID metadata document is. */
function oauthClientMetadata(args: ParsedArgs): { oauthClientMetadataUrl?: string } {
  const url = stringOption(args, 'oauth-client-metadata-url');
  if (url === undefined) return {};
  if (!/^https:\/\/[^/]+\/.+/.test(url)) {
    throw new UsageError('--oauth-client-metadata-url takes an https URL with a path');
  }
  return { oauthClientMetadataUrl: url };
}
