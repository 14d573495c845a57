import Database from 'better-sqlite3';
import { RefusedStatementError, type ColumnInfo, type DatabaseAdapter } from './adapter.js';

/**
 * SQLite through better-sqlite3. Reads go through a second connection opened read-only, so the
 * engine itself refuses a write that slips past the statement check; one statement per call.
 */
export function createSqliteAdapter(file: string): DatabaseAdapter {
  const rw = new Database(file);
  rw.pragma('journal_mode = WAL');
  const ro = new Database(file, { readonly: true, fileMustExist: true });
  const prepare = (db: Database.Database, sql: string) => {
    try {
      return db.prepare(sql);
    } catch (error) {
      // better-sqlite3 refuses more than one statement: say so plainly.
      const message = error instanceof Error ? error.message : String(error);
      throw new RefusedStatementError(`The statement was not accepted: ${message}`);
    }
  };
  return {
    engine: 'sqlite',
    async listTables() {
      return ro
        .prepare(
          "SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as { name: string; type: string }[];
    },
    async describeTable(table) {
      const rows = ro.prepare('SELECT * FROM pragma_table_info(?)').all(table) as {
        name: string;
        type: string;
        notnull: number;
        pk: number;
        dflt_value: string | null;
      }[];
      if (rows.length === 0) throw new RefusedStatementError(`There is no table named "${table}"`);
      return rows.map((r): ColumnInfo => ({
        name: r.name,
        type: r.type,
        nullable: r.notnull === 0 && r.pk === 0,
        primaryKey: r.pk > 0,
        default: r.dflt_value,
      }));
    },
    async read(sql, params) {
      const stmt = prepare(ro, sql);
      if (!stmt.reader || !stmt.readonly) {
        throw new RefusedStatementError(
          'read_query runs only statements that read (SELECT, WITH … SELECT, read-only PRAGMA); use write_query to change data',
        );
      }
      return stmt.all(...params) as Record<string, unknown>[];
    },
    async write(sql, params) {
      const stmt = prepare(rw, sql);
      if (stmt.reader && stmt.readonly) {
        throw new RefusedStatementError('This statement only reads: use read_query for it');
      }
      if (stmt.reader) return { changes: stmt.all(...params).length };
      return { changes: stmt.run(...params).changes };
    },
    async close() {
      ro.close();
      rw.close();
    },
  };
}
