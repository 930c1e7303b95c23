import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PGlite, types } from "@electric-sql/pglite";
import { StoreClosedError, StoreConnectionError } from "./errors.js";
import type { MigrationTarget, Sql, Store } from "./sql.js";

export interface OpenPgliteParameters {
  /** Data folder on disk; omitted -> in memory. */
  dataDir?: string;
}

/** A plain SELECT (no data-modifying CTE can start one); anything else may write. */
const READ_ONLY = /^\s*SELECT\s/i;

/** PGlite parses int8 to a JS number (lossy above 2^53); node-postgres returns a string: keep the string. */
const PARSERS = { [types.INT8]: (value: string) => value };

/** The embedded adapter: Postgres compiled to wasm, in this process. */
export class PgliteStore implements Store, MigrationTarget {
  readonly kind = "pglite" as const;
  #db: PGlite;
  #closed = false;
  #lockFile: string | undefined;
  #writes = 0;

  private constructor(db: PGlite, lockFile: string | undefined) {
    this.#db = db;
    this.#lockFile = lockFile;
  }

  static async open({ dataDir }: OpenPgliteParameters): Promise<PgliteStore> {
    let lockFile: string | undefined;
    try {
      if (dataDir) {
        await mkdir(dataDir, { recursive: true });
        lockFile = await lockDataDir(dataDir);
      }
      const db = await PGlite.create(dataDir ? { dataDir, parsers: PARSERS } : { parsers: PARSERS });
      return new PgliteStore(db, lockFile);
    } catch (cause) {
      if (lockFile) await rm(lockFile, { force: true });
      if (cause instanceof StoreConnectionError) throw cause;
      throw new StoreConnectionError(`cannot open the embedded database${dataDir ? ` in ${dataDir}` : ""}`, {
        details: `${cause instanceof Error ? cause.message : String(cause)}. Is another process using this data folder?`,
        cause,
      });
    }
  }

  /** PGlite is opened by this process only (lockDataDir), so its writes are all this process's: counted here. */
  get writeGeneration(): number {
    return this.#writes;
  }

  async query<T extends object = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> {
    this.#assertOpen();
    if (!READ_ONLY.test(text)) return this.#writing(() => this.#db.query<T>(text, params).then((r) => r.rows));
    return (await this.#db.query<T>(text, params)).rows;
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    this.#assertOpen();
    return this.#writing(() =>
      this.#db.transaction(async (tx) =>
        fn({ query: async <R extends object>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows }),
      ),
    );
  }

  /** Counts a write when it is sent and when it settles: a read issued in between is cached under neither number. */
  async #writing<T>(write: () => Promise<T>): Promise<T> {
    this.#writes++;
    try {
      return await write();
    } finally {
      this.#writes++;
    }
  }

  /** One process owns a PGlite data folder, so the connection mutex is the whole lock. */
  async withMigrationLock<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async execInTransaction(script: string, record: { text: string; params: unknown[] }): Promise<void> {
    await this.#writing(() =>
      this.#db.transaction(async (tx) => {
        await tx.exec(script);
        await tx.query(record.text, record.params);
      }),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.close();
    if (this.#lockFile) await rm(this.#lockFile, { force: true });
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError("the store is closed");
  }
}

/**
 * PGlite is Postgres in this process: a second process opening the same folder would not see this one's writes and
 * could damage the files. The owner's pid is kept in a lock file; a live owner is refused with a clear error, a dead
 * one's lock (a crash) is taken over.
 */
async function lockDataDir(dataDir: string): Promise<string> {
  const file = join(dataDir, "soundmark.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: "wx" });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number((await readFile(file, "utf8").catch(() => "")).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new StoreConnectionError(`the embedded database in ${dataDir} is in use by process ${owner}`, {
          details: "one process at a time opens a PGlite folder: stop the running server first, or share a Postgres server (DATABASE_URL)",
        });
      }
      await rm(file, { force: true });
    }
  }
  throw new StoreConnectionError(`cannot lock the embedded database in ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
