import { DEFAULT_MIGRATIONS_DIR, loadMigrations, runMigrations } from "./migrations.js";
import { PgliteStore } from "./pglite-store.js";
import { PostgresStore } from "./postgres-store.js";
import type { Store } from "./sql.js";

export interface OpenStoreParameters {
  /** A Postgres server (`postgres://...`); when set, `dataDir` is ignored. */
  databaseUrl?: string;
  /** PGlite data folder; omitted (and no databaseUrl) -> an in-memory database. */
  dataDir?: string;
  /** Where the `NNNN-name.sql` migrations are; default server/src/store/migrations. */
  migrationsDir?: string;
}

/**
 * Opens the database and runs every pending migration before returning.
 *
 * @example
 * const store = await openStore({ dataDir: ".soundmark/db" });
 * const [row] = await store.query<{ n: string }>("SELECT count(*) AS n FROM ingest_tracks");
 */
export async function openStore({ databaseUrl, dataDir, migrationsDir = DEFAULT_MIGRATIONS_DIR }: OpenStoreParameters = {}): Promise<Store> {
  const migrations = await loadMigrations(migrationsDir);
  const store = databaseUrl ? await PostgresStore.open({ databaseUrl }) : await PgliteStore.open(dataDir ? { dataDir } : {});
  try {
    await runMigrations(store, migrations);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
