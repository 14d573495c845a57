import { McpServer, type CallToolResult } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { RefusedStatementError, type DatabaseAdapter } from './adapter.js';

const MAX_ROWS = 1000;
const READ = { readOnlyHint: true, openWorldHint: false } as const;

function ok(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, jsonSafe, 2) }] };
}

/** JSON for values that JSON.stringify cannot take (bigint, buffers). */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  return value;
}

/** Runs a tool body, turning refusals and engine errors into an error result the model can read. */
async function guarded(
  engine: string,
  work: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const text = error instanceof RefusedStatementError ? message : `${engine} error: ${message}`;
    return { content: [{ type: 'text', text }], isError: true };
  }
}

const Params = z
  .array(z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .default([])
  .describe('Values for the ? (SQLite) or $1 (PostgreSQL) placeholders, in order');

const ColumnSpec = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'column names use letters, digits and _'),
  type: z.string().regex(/^[A-Za-z][A-Za-z0-9_ (),]*$/, 'a plain SQL type such as TEXT or INTEGER'),
  primaryKey: z.boolean().default(false),
  notNull: z.boolean().default(false),
});

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Switchboard's database MCP server: list_tables, describe_table and read_query read;
 * create_table and write_query change the database. One statement per call.
 */
export function createDatabaseServer(db: DatabaseAdapter): McpServer {
  const server = new McpServer({ name: `switchboard-database-${db.engine}`, version: '1.0.0' });
  const { engine } = db;
  server.registerTool(
    'list_tables',
    { description: `Lists the tables and views of the ${engine} database.`, annotations: READ },
    () => guarded(engine, async () => ok(await db.listTables())),
  );
  server.registerTool(
    'describe_table',
    {
      description: 'Describes the columns of a table: name, type, nullable, primary key, default.',
      inputSchema: z.object({ table: z.string().min(1).describe('The table name') }),
      annotations: READ,
    },
    ({ table }) => guarded(engine, async () => ok(await db.describeTable(table))),
  );
  server.registerTool(
    'read_query',
    {
      description: `Runs one SELECT statement and returns its rows as JSON (at most ${MAX_ROWS}). Statements that change anything are refused.`,
      inputSchema: z.object({
        query: z.string().min(1).describe('One SELECT statement'),
        params: Params,
      }),
      annotations: READ,
    },
    ({ query, params }) =>
      guarded(engine, async () => {
        const rows = await db.read(query, params);
        if (rows.length <= MAX_ROWS) return ok(rows);
        return ok({
          rows: rows.slice(0, MAX_ROWS),
          note: `${rows.length} rows; the first ${MAX_ROWS} are shown`,
        });
      }),
  );
  server.registerTool(
    'create_table',
    {
      description: 'Creates a table with the given columns (it fails if the table exists).',
      inputSchema: z.object({
        table: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'table names use letters, digits and _'),
        columns: z.array(ColumnSpec).min(1),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    ({ table, columns }) =>
      guarded(engine, async () => {
        const defs = columns.map(
          (c) =>
            `${quoteIdent(c.name)} ${c.type}${c.primaryKey ? ' PRIMARY KEY' : ''}${c.notNull ? ' NOT NULL' : ''}`,
        );
        await db.write(`CREATE TABLE ${quoteIdent(table)} (${defs.join(', ')})`, []);
        return ok({ created: table });
      }),
  );
  server.registerTool(
    'write_query',
    {
      description:
        'Runs one INSERT, UPDATE, DELETE or DDL statement and returns the number of rows changed. It can delete data.',
      inputSchema: z.object({ query: z.string().min(1).describe('One statement'), params: Params }),
      annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
    },
    ({ query, params }) => guarded(engine, async () => ok(await db.write(query, params))),
  );
  return server;
}
