import { afterAll, beforeAll, describe } from "vitest";
import { openStore } from "../open-store.js";
import type { Store } from "../sql.js";
import { postgresUnavailableReason, startPostgresTestServer, type PostgresTestServer } from "./postgres-server.js";

/** One server per test process (vitest worker), shared by every suite of the file that needs it. */
let shared: { server: Promise<PostgresTestServer>; users: number } | null = null;

async function acquireServer(): Promise<PostgresTestServer> {
  if (!shared) shared = { server: startPostgresTestServer(), users: 0 };
  shared.users++;
  return shared.server;
}

async function releaseServer(): Promise<void> {
  if (!shared) return;
  shared.users--;
  if (shared.users > 0) return;
  const { server } = shared;
  shared = null;
  await (await server).stop();
}

/** A fresh, migrated database on the shared test Postgres server. Release it with the returned function. */
export async function openPostgresTestDatabase(): Promise<{ databaseUrl: string; release: () => Promise<void> }> {
  const server = await acquireServer();
  try {
    return { databaseUrl: await server.createDatabase(), release: releaseServer };
  } catch (error) {
    await releaseServer();
    throw error;
  }
}

const unavailable = await postgresUnavailableReason();

/**
 * Runs the suite twice: on PGlite (in memory) and on a real Postgres 15 server started for this test process.
 * Each variant gets a fresh, migrated database. The Postgres variant is skipped, with the reason in its name, only
 * when the server binaries are missing.
 */
export function describeStores(name: string, fn: (getStore: () => Store) => void): void {
  describe(`${name} [pglite]`, () => {
    let store: Store | undefined;
    beforeAll(async () => {
      store = await openStore({});
    });
    afterAll(async () => {
      await store?.close();
    });
    fn(() => {
      if (!store) throw new Error("the store opens in beforeAll");
      return store;
    });
  });

  if (unavailable) {
    describe.skip(`${name} [postgres 15] (skipped: ${unavailable})`, () => fn(() => {
      throw new Error(unavailable);
    }));
    return;
  }
  describe(`${name} [postgres 15]`, () => {
    let store: Store | undefined;
    let release: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const database = await openPostgresTestDatabase();
      release = database.release;
      store = await openStore({ databaseUrl: database.databaseUrl });
    });
    afterAll(async () => {
      await store?.close();
      await release?.();
    });
    fn(() => {
      if (!store) throw new Error("the store opens in beforeAll");
      return store;
    });
  });
}
