import type { Output } from './cli/admin.js';
import { UsageError, parseArgs, stringOption } from './cli/args.js';
import { resolveDataDir } from './data-dir.js';
import { VERSION } from './version.js';

const USAGE = `Switchboard ${VERSION} — one localhost MCP endpoint in front of many MCP servers.

Usage: switchboard <command> [options]      (every command takes --data-dir DIR)

  serve [--port P] [--servers FILE]        run the gateway headless (FILE: an mcpServers JSON)
        [--oauth-client-metadata-url URL]  where Switchboard's OAuth client ID document is
  keys [list] [--json]                     list agent keys
  keys create --role ROLE [--name NAME]    create a key; prints it alone on stdout
  keys revoke NAME                         revoke a key (takes effect at once)
  roles [--json]                           list roles
  roles create NAME [--from ROLE]          create a role (optionally copying ROLE's rules)
  roles delete NAME                        delete a role
  rules ROLE [--json]                      list a role's rules (first match wins)
  rules set ROLE PATTERN allow|ask|deny [--if COND]…
                                           add or replace a rule (it goes first); with --if it
                                           decides only when every condition holds, e.g.
                                           --if 'path inside ~/proj', --if 'url host in a.com,*.b.com',
                                           --if 'query sql is select', --if 'n between 1 10',
                                           --if 'branch matches feature/.*', --if 'force absent'
  explain ROLE TOOL [ARGS_JSON] [--json]   the rule (and condition) that decides a call
  approvals [--json]                       list calls waiting for approval
  approve ID / deny ID [--always [--if COND]…]
                                           decide a waiting call (--always writes a rule; --if
                                           narrows it, e.g. to this folder: 'path inside ~/proj')
  presets [--json]                         the built-in server presets and their settings
  add PRESET [--id ID] [--set K=V]… [--set-env K=VAR]… [--force] [--signin]
                                           add a server from a preset (secrets from the environment);
                                           settings are checked (folders, numbers, a test connection)
                                           and one that cannot start is refused unless --force; a
                                           preset that signs in (OAuth) prints the signin command
                                           next, or with --signin runs it at once
  set SERVER K=V… [--set-env K=VAR]… [--force]
                                           change a server's settings (a preset's, or command, cwd,
                                           args, url, env.NAME, header.NAME …) or a secret from the
                                           environment; checked like add; the server restarts
  servers [--json]                         each server's state, tools, uptime and why it is down
  logs SERVER [--follow]                   a server's stderr, secrets masked
  remove SERVER                            remove a server and the rules that name only it
  signin SERVER [--client-id ID] [--scope S]
                                           sign in to a remote server (OAuth): prints the page to
                                           open, waits until done; a client secret comes from
                                           $SWITCHBOARD_CLIENT_SECRET
  signout SERVER                           sign out (the tokens are revoked where supported)
  doctor [--fix [--role R]]                check the data directory, every server and each client
                                           config pointed at Switchboard; one line per problem with
                                           its fix (exit 1 when there is one); --fix points drifted
                                           clients back (after a backup; a new key of role R,
                                           default coder, where the old one is no longer accepted)
  import [--client C --file F] [--apply [--rewrite --role R]]
                                           preview (or apply) an import of other clients' servers
  connect --key KEY [--url URL]            a stdio bridge to the endpoint, for stdio-only clients
  setup export [--out FILE] / setup import FILE
                                           the whole setup as one file (no secrets, no keys)
  changes [--json]                         tools waiting for review (changed, new or flagged)
  changes accept ID|--all / reject ID      accept (re-pin) or reject a waiting tool

Data directory: --data-dir, else $SWITCHBOARD_DATA_DIR, else the OS app-data folder.`;

const io: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const command = args.positionals[0] ?? 'help';
  if (command === 'help' || args.options.has('help')) return io.out(USAGE);
  if (command === 'version' || args.options.has('version')) return io.out(VERSION);
  // Each command loads only its own modules: `serve` (each login) and `connect` (each agent
  // session) need none of the setup, import and doctor code, nor what it loads.
  const dataDir = resolveDataDir({ flag: stringOption(args, 'data-dir') });
  if (command === 'serve') {
    const { serveCommand } = await import('./cli/serve.js');
    await serveCommand(dataDir, args, io);
    return;
  }
  if (command === 'connect') {
    const { connectCommand } = await import('./cli/connect.js');
    return connectCommand(dataDir, args);
  }
  const { adminCommand } = await import('./cli/admin-commands.js');
  return adminCommand(command, dataDir, args, io);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    io.err(`switchboard: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  // A ControlError is an Error too; naming it here would load the control contract's schemas
  // into every command, the stdio bridge included.
  const message = error instanceof Error ? error.message : String(error);
  io.err(`switchboard: ${message}`);
  process.exit(1);
});
