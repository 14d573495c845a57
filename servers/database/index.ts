/**
 * Switchboard's database MCP server over stdio (the SQLite and PostgreSQL presets).
 *
 *   node out/main/servers/database.cjs sqlite /path/to/file.db
 *   DATABASE_URL=postgres://user@host/db node out/main/servers/database.cjs postgres
 *
 * A SQLite file is created when it does not exist. For PostgreSQL the connection string comes
 * from DATABASE_URL (a secret), never from the command line.
 */
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import type { DatabaseAdapter } from './adapter.js';
import { createDatabaseServer } from './database-server.js';
import { createPostgresAdapter } from './postgres-adapter.js';
import { createSqliteAdapter } from './sqlite-adapter.js';

function open(engine: string | undefined, target: string | undefined): DatabaseAdapter {
  if (engine === 'sqlite' && target) return createSqliteAdapter(target);
  if (engine === 'postgres') {
    const url = target ?? process.env.DATABASE_URL;
    if (url) return createPostgresAdapter(url);
    throw new Error('set DATABASE_URL to a postgres:// connection string');
  }
  throw new Error('usage: index.ts sqlite FILE | index.ts postgres (with DATABASE_URL set)');
}

try {
  const db = open(process.argv[2], process.argv[3]);
  // One adapter (one connection pool) for the process; each connection gets its own McpServer.
  serveStdio(() => createDatabaseServer(db), {
    onerror: (error) => process.stderr.write(`switchboard-database: ${error.message}\n`),
  });
} catch (error) {
  process.stderr.write(`switchboard-database: ${error instanceof Error ? error.message : error}\n`);
  process.exit(2);
}
