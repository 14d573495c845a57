import pg from 'pg';
import { RefusedStatementError, type ColumnInfo, type DatabaseAdapter } from './adapter.js';

/**
 * PostgreSQL through pg. Every statement goes over the extended query protocol, which takes one
 * statement only (so `SELECT 1; DROP TABLE t` cannot ride along), and reads run inside a READ
 * ONLY transaction that is always rolled back, so the server refuses writes in read_query.
 */
export function createPostgresAdapter(connectionString: string): DatabaseAdapter {
  const pool = new pg.Pool({ connectionString, max: 2, idleTimeoutMillis: 30_000 });
  const query = async (client: pg.PoolClient, text: string, values: unknown[]) =>
    client.query({ text, values, queryMode: 'extended' } as pg.QueryConfig);
  return {
    engine: 'postgres',
    async listTables() {
      const { rows } = await pool.query<{ name: string; type: string }>(
        `SELECT CASE WHEN table_schema = current_schema() THEN table_name
                     ELSE table_schema || '.' || table_name END AS name,
                CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END AS type
           FROM information_schema.tables
          WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
          ORDER BY table_schema, table_name`,
      );
      return rows;
    },
    async describeTable(table) {
      const [schema, name] = table.includes('.') ? table.split('.', 2) : [null, table];
      const { rows } = await pool.query<{
        name: string;
        type: string;
        nullable: boolean;
        pk: boolean;
        dflt: string | null;
      }>(
        `SELECT c.column_name AS name, c.data_type AS type, c.is_nullable = 'YES' AS nullable,
                c.column_default AS dflt,
                EXISTS (SELECT 1 FROM information_schema.table_constraints tc
                          JOIN information_schema.key_column_usage k
                            ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
                         WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = c.table_schema
                           AND tc.table_name = c.table_name AND k.column_name = c.column_name) AS pk
           FROM information_schema.columns c
          WHERE c.table_schema = COALESCE($1, current_schema()) AND c.table_name = $2
          ORDER BY c.ordinal_position`,
        [schema, name],
      );
      if (rows.length === 0) throw new RefusedStatementError(`There is no table named "${table}"`);
      return rows.map((r): ColumnInfo => ({
        name: r.name,
        type: r.type,
        nullable: r.nullable,
        primaryKey: r.pk,
        default: r.dflt,
      }));
    },
    async read(sql, params) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN TRANSACTION READ ONLY');
        const result = await query(client, sql, params);
        return result.rows as Record<string, unknown>[];
      } catch (error) {
        if ((error as { code?: string }).code === '25006') {
          throw new RefusedStatementError(
            'read_query runs only statements that read; use write_query to change data',
          );
        }
        throw error;
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
      }
    },
    async write(sql, params) {
      const client = await pool.connect();
      try {
        const result = await query(client, sql, params);
        return { changes: result.rowCount ?? 0 };
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
