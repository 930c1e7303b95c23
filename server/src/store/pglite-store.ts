import { mkdir } from "node:fs/promises";
import { PGlite, types } from "@electric-sql/pglite";
import { StoreClosedError, StoreConnectionError } from "./errors.js";
import type { MigrationTarget, Sql, Store } from "./sql.js";

export interface OpenPgliteParameters {
  /** Data folder on disk; omitted -> in memory. */
  dataDir?: string;
}

/** PGlite parses int8 to a JS number (lossy above 2^53); node-postgres returns a string: keep the string. */
const PARSERS = { [types.INT8]: (value: string) => value };

/** The embedded adapter: Postgres compiled to wasm, in this process. */
export class PgliteStore implements Store, MigrationTarget {
  readonly kind = "pglite" as const;
  #db: PGlite;
  #closed = false;

  private constructor(db: PGlite) {
    this.#db = db;
  }

  static async open({ dataDir }: OpenPgliteParameters): Promise<PgliteStore> {
    try {
      if (dataDir) await mkdir(dataDir, { recursive: true });
      const db = await PGlite.create(dataDir ? { dataDir, parsers: PARSERS } : { parsers: PARSERS });
      return new PgliteStore(db);
    } catch (cause) {
      throw new StoreConnectionError(`cannot open the embedded database${dataDir ? ` in ${dataDir}` : ""}`, {
        details: `${cause instanceof Error ? cause.message : String(cause)}. Is another process using this data folder?`,
        cause,
      });
    }
  }

  async query<T extends object = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> {
    this.#assertOpen();
    return (await this.#db.query<T>(text, params)).rows;
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    this.#assertOpen();
    return this.#db.transaction(async (tx) =>
      fn({ query: async <R extends object>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows }),
    );
  }

  /** One process owns a PGlite data folder, so the connection mutex is the whole lock. */
  async withMigrationLock<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async execInTransaction(script: string, record: { text: string; params: unknown[] }): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.exec(script);
      await tx.query(record.text, record.params);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError("the store is closed");
  }
}
