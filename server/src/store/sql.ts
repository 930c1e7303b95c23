/**
 * The one database interface of the server. Values come back the same on both adapters:
 * `bigint`/`int8` and `numeric` columns as decimal strings (no precision loss), `timestamptz` as `Date`,
 * `json`/`jsonb` parsed. Pass JSON parameters as strings with an explicit cast (`$1::jsonb`).
 */
export interface Sql {
  /** Runs one statement with $1..$n parameters; returns the rows. */
  query<T extends object = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Store extends Sql {
  readonly kind: "pglite" | "postgres";
  /**
   * A number that changes whenever this process may have changed the data (a statement other than a SELECT, a
   * transaction), or null where other processes write too (a Postgres server). A read cached under one generation is
   * current while the generation is unchanged.
   */
  readonly writeGeneration: number | null;
  /**
   * Runs fn in one transaction (BEGIN/COMMIT, ROLLBACK on throw). Inside fn, use only `tx`: on PGlite (one
   * connection) a query on the store itself waits for the transaction and would never run.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What the migration runner needs from an adapter. */
export interface MigrationTarget {
  /** Runs fn holding a lock that excludes every other migration runner of the same database. */
  withMigrationLock<T>(fn: () => Promise<T>): Promise<T>;
  query<T extends object = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements and a record insert atomically. */
  execInTransaction(script: string, record: { text: string; params: unknown[] }): Promise<void>;
}
