/** What the database server needs from an engine (SQLite or PostgreSQL). */
export interface DatabaseAdapter {
  /** `sqlite` or `postgres`, for messages. */
  readonly engine: string;
  listTables(): Promise<{ name: string; type: string }[]>;
  describeTable(table: string): Promise<ColumnInfo[]>;
  /** Runs one statement that only reads; refuses anything else (the engine enforces it too). */
  read(sql: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  /** Runs one statement that changes data or schema; returns the number of rows changed. */
  write(sql: string, params: unknown[]): Promise<{ changes: number }>;
  close(): Promise<void>;
}

export interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
  primaryKey: boolean;
  default: string | null;
}

/** A statement the adapter refuses to run; the message says which tool to use instead. */
export class RefusedStatementError extends Error {
  override readonly name = 'RefusedStatementError';
}
