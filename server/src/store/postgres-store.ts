import pg from "pg";
import { StoreClosedError, StoreConnectionError } from "./errors.js";
import type { MigrationTarget, Sql, Store } from "./sql.js";

export interface OpenPostgresParameters {
  databaseUrl: string;
  /** Pool size; default 10. */
  maxConnections?: number;
  connectTimeoutMs?: number;
}

/** Key of the advisory lock that serialises migration runners across processes ("soundmrk" in ASCII). */
const MIGRATION_LOCK_KEY = "8317708101580311403";

/** The URL without its password, fit for an error message or a log. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparseable URL)";
  }
}

function parseDatabaseUrl(databaseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch (cause) {
    throw new StoreConnectionError("DATABASE_URL is not a URL", {
      details: "expected postgres://user:password@host:5432/database",
      cause,
    });
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new StoreConnectionError(`DATABASE_URL has protocol "${url.protocol}"`, {
      details: "expected postgres:// or postgresql://",
    });
  }
  return url;
}

/** The server adapter: a node-postgres pool. */
export class PostgresStore implements Store, MigrationTarget {
  readonly kind = "postgres" as const;
  /** Other processes (servers, the CLI) share a Postgres server: no read can be known current without asking it. */
  readonly writeGeneration = null;
  #pool: pg.Pool;
  #closed = false;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  static async open({ databaseUrl, maxConnections = 10, connectTimeoutMs = 10_000 }: OpenPostgresParameters): Promise<PostgresStore> {
    parseDatabaseUrl(databaseUrl);
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: maxConnections,
      connectionTimeoutMillis: connectTimeoutMs,
    });
    // An idle client that loses its server emits here; without a listener the process would crash.
    pool.on("error", () => {});
    try {
      await pool.query("SELECT 1");
    } catch (cause) {
      await pool.end().catch(() => {});
      throw new StoreConnectionError(`cannot connect to ${redactDatabaseUrl(databaseUrl)}`, {
        details: cause instanceof Error ? cause.message || cause.name : String(cause),
        cause,
      });
    }
    return new PostgresStore(pool);
  }

  async query<T extends object = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> {
    this.#assertOpen();
    try {
      return (await this.#pool.query(text, params)).rows as T[];
    } catch (error) {
      throw asUnreachable(error);
    }
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    this.#assertOpen();
    return this.#withClient(async (client, markBroken) => {
      try {
        await client.query("BEGIN");
        const result = await fn({
          query: async <R extends object>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(markBroken);
        throw error;
      }
    });
  }

  async withMigrationLock<T>(fn: () => Promise<T>): Promise<T> {
    return this.#withClient(async (client) => {
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
      try {
        return await fn();
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
      }
    });
  }

  async execInTransaction(script: string, record: { text: string; params: unknown[] }): Promise<void> {
    await this.#withClient(async (client, markBroken) => {
      try {
        await client.query("BEGIN");
        // Without parameters node-postgres uses the simple query protocol, which runs several statements.
        await client.query(script);
        await client.query(record.text, record.params);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(markBroken);
        throw error;
      }
    });
  }

  /**
   * A checked-out client for `fn`. A checked-out client that loses its server (a restart, a network cut) emits
   * "error": without a listener that would crash the process; with it the failure reaches `fn` through its query,
   * and the client is destroyed on release instead of going back to the pool.
   */
  async #withClient<T>(fn: (client: pg.PoolClient, markBroken: () => void) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw asUnreachable(error);
    }
    let broken = false;
    const markBroken = () => {
      broken = true;
    };
    client.on("error", markBroken);
    try {
      return await fn(client, markBroken);
    } catch (error) {
      // Anything but the server's answer to a statement (a lost connection, a timeout) leaves the client unusable.
      if (!(error instanceof pg.DatabaseError)) broken = true;
      throw asUnreachable(error);
    } finally {
      client.off("error", markBroken);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError("the store is closed");
  }
}

/**
 * A server that is not there or not answering (refused, lost connection, shutting down, starting up: SQLSTATE classes
 * 08 and 57P) becomes a StoreConnectionError (503 at the edge, a transient failure for the pipeline); the server's
 * answers to statements stay as they are.
 */
function asUnreachable(error: unknown): unknown {
  if (error instanceof StoreConnectionError || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  const lostServer =
    error instanceof pg.DatabaseError
      ? typeof code === "string" && (code.startsWith("08") || code.startsWith("57P"))
      : typeof code === "string"
        ? ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"].includes(code)
        : /connection terminated|timeout exceeded when trying to connect|not queryable/i.test(error.message);
  return lostServer ? new StoreConnectionError("the database is not reachable", { details: error.message, cause: error }) : error;
}
