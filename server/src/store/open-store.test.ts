import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MigrationError, StoreConnectionError, openStore, type Store } from "./index.js";
import { loadMigrations } from "./migrations.js";
import { describeStores, openPostgresTestDatabase } from "./testing/test-stores.js";
import { postgresUnavailableReason } from "./testing/postgres-server.js";

const sha = (c: string) => c.repeat(64);

describeStores("openStore", (getStore) => {
  it("applies every migration once and records it", async () => {
    const migrations = await loadMigrations();
    const rows = await getStore().query<{ name: string }>("SELECT name FROM schema_migrations ORDER BY name");
    expect(rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
    expect(rows.map((r) => r.name)).toContain("0001-ingest.sql");
  });

  it("reads int8 and numeric as strings, timestamptz as Date, jsonb parsed", async () => {
    const [row] = await getStore().query<{ a: unknown; b: unknown; c: unknown; d: unknown }>(
      "SELECT $1::int8 AS a, $2::numeric(78,0) AS b, now() AS c, $3::jsonb AS d",
      ["9007199254740993", "115792089237316195423570985008687907853269984665640564039457584007913129639935", '{"x":[1,2]}'],
    );
    expect(row).toBeDefined();
    expect(row!.a).toBe("9007199254740993");
    expect(row!.b).toBe("115792089237316195423570985008687907853269984665640564039457584007913129639935");
    expect(row!.c).toBeInstanceOf(Date);
    expect(row!.d).toEqual({ x: [1, 2] });
  });

  it("commits a transaction and rolls one back on throw", async () => {
    const store = getStore();
    await store.transaction(async (tx) => {
      await tx.query("INSERT INTO ingest_tracks (sha256, size_bytes, kind) VALUES ($1, 1, 'original')", [sha("a")]);
    });
    await expect(
      store.transaction(async (tx) => {
        await tx.query("INSERT INTO ingest_tracks (sha256, size_bytes, kind) VALUES ($1, 2, 'original')", [sha("b")]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const rows = await store.query<{ sha256: string }>("SELECT sha256 FROM ingest_tracks WHERE sha256 IN ($1, $2)", [sha("a"), sha("b")]);
    expect(rows.map((r) => r.sha256)).toEqual([sha("a")]);
  });

  it("rolls back when a statement inside the transaction fails", async () => {
    const store = getStore();
    await expect(
      store.transaction(async (tx) => {
        await tx.query("INSERT INTO ingest_tracks (sha256, size_bytes, kind) VALUES ($1, 1, 'original')", [sha("c")]);
        await tx.query("INSERT INTO ingest_tracks (sha256, size_bytes, kind) VALUES ($1, 1, 'not a kind')", [sha("d")]);
      }),
    ).rejects.toThrow();
    expect(await store.query("SELECT 1 FROM ingest_tracks WHERE sha256 = $1", [sha("c")])).toEqual([]);
    // the store stays usable after the failed transaction
    expect(await store.query<{ one: number }>("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("enforces the hash conventions of the schema", async () => {
    await expect(
      getStore().query("INSERT INTO ingest_tracks (sha256, size_bytes, kind) VALUES ($1, 1, 'original')", ["0x" + sha("e")]),
    ).rejects.toThrow(/check constraint/);
  });
});

describe("openStore on PGlite with a data folder", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "soundmark-store-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps data and applies no migration twice when re-opened", async () => {
    const first = await openStore({ dataDir: join(dir, "db") });
    await first.query("INSERT INTO ingest_tracks (sha256, size_bytes, kind) VALUES ($1, 7, 'generated')", [sha("f")]);
    const before = await first.query<{ name: string; applied_at: Date }>("SELECT name, applied_at FROM schema_migrations ORDER BY name");
    await first.close();

    const second = await openStore({ dataDir: join(dir, "db") });
    const after = await second.query<{ name: string; applied_at: Date }>("SELECT name, applied_at FROM schema_migrations ORDER BY name");
    expect(after).toEqual(before);
    expect(await second.query("SELECT size_bytes FROM ingest_tracks WHERE sha256 = $1", [sha("f")])).toEqual([{ size_bytes: "7" }]);
    await second.close();
    await expect(second.query("SELECT 1")).rejects.toThrow(/closed/);
  });
});

describe("migration runner", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "soundmark-migrations-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("rolls back a failing migration and names it", async () => {
    const migrations = join(dir, "failing");
    await mkdir(migrations);
    await writeFile(join(migrations, "0001-good.sql"), "CREATE TABLE good (id int);");
    await writeFile(join(migrations, "0002-bad.sql"), "CREATE TABLE half (id int); SELECT * FROM missing_table;");
    const error = await openStore({ dataDir: join(dir, "db-failing"), migrationsDir: migrations }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migration).toBe("0002-bad.sql");
    expect((error as Error).message).toMatch(/missing_table/);

    // fix the migration: the good one stays applied once, the half-created table was rolled back
    await writeFile(join(migrations, "0002-bad.sql"), "CREATE TABLE half (id int);");
    const store = await openStore({ dataDir: join(dir, "db-failing"), migrationsDir: migrations });
    expect(await store.query("SELECT name FROM schema_migrations ORDER BY name")).toEqual([{ name: "0001-good.sql" }, { name: "0002-bad.sql" }]);
    await store.close();
  });

  it("refuses an applied migration that was edited", async () => {
    const migrations = join(dir, "edited");
    await mkdir(migrations);
    await writeFile(join(migrations, "0001-a.sql"), "CREATE TABLE a (id int);");
    const store = await openStore({ dataDir: join(dir, "db-edited"), migrationsDir: migrations });
    await store.close();
    await writeFile(join(migrations, "0001-a.sql"), "CREATE TABLE a (id bigint);");
    await expect(openStore({ dataDir: join(dir, "db-edited"), migrationsDir: migrations })).rejects.toThrow(/edited after it was applied/);
  });

  it("refuses badly named and duplicate-numbered files", async () => {
    const bad = join(dir, "bad-name");
    await mkdir(bad);
    await writeFile(join(bad, "1-a.sql"), "SELECT 1;");
    await expect(loadMigrations(bad)).rejects.toThrow(/bad file name/);
    const dup = join(dir, "duplicate");
    await mkdir(dup);
    await writeFile(join(dup, "0001-a.sql"), "SELECT 1;");
    await writeFile(join(dup, "0001-b.sql"), "SELECT 1;");
    await expect(loadMigrations(dup)).rejects.toThrow(/also used by 0001-a.sql/);
  });
});

describe("openStore with a DATABASE_URL", () => {
  it("gives a clear error for a URL that is not a Postgres URL", async () => {
    await expect(openStore({ databaseUrl: "not a url" })).rejects.toThrow(StoreConnectionError);
    await expect(openStore({ databaseUrl: "mysql://u:p@localhost/db" })).rejects.toThrow(/protocol "mysql:"/);
  });

  it("names the server it cannot reach, without the password", async () => {
    const { createServer } = await import("node:net");
    // a port that was just free: nothing listens there
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const address = s.address();
        s.close(() => resolve(typeof address === "object" && address ? address.port : 1));
      });
    });
    const error = await openStore({ databaseUrl: `postgres://soundmark:secret@127.0.0.1:${port}/soundmark` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreConnectionError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).not.toContain("secret");
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });
});

const postgresMissing = await postgresUnavailableReason();

describe.skipIf(postgresMissing !== null)(`openStore on a Postgres server${postgresMissing ? ` (skipped: ${postgresMissing})` : ""}`, () => {
  let databaseUrl: string;
  let release: () => Promise<void>;
  beforeAll(async () => {
    ({ databaseUrl, release } = await openPostgresTestDatabase());
  });
  afterAll(async () => {
    await release?.();
  });

  it("lets concurrent openers migrate once, under the advisory lock", async () => {
    const stores: Store[] = await Promise.all(Array.from({ length: 4 }, () => openStore({ databaseUrl })));
    const rows = await stores[0]!.query<{ name: string; n: string }>("SELECT name, count(*) AS n FROM schema_migrations GROUP BY name");
    expect(rows.length).toBe((await loadMigrations()).length);
    expect(rows.every((r) => r.n === "1")).toBe(true);
    await Promise.all(stores.map((s) => s.close()));
  });

  it("re-opens without applying anything again", async () => {
    const store = await openStore({ databaseUrl });
    const before = await store.query("SELECT name, applied_at FROM schema_migrations ORDER BY name");
    await store.close();
    const again = await openStore({ databaseUrl });
    expect(await again.query("SELECT name, applied_at FROM schema_migrations ORDER BY name")).toEqual(before);
    await again.close();
  });

  it("names a database that does not exist", async () => {
    const url = new URL(databaseUrl);
    url.pathname = "/no_such_database";
    await expect(openStore({ databaseUrl: url.toString() })).rejects.toThrow(/no_such_database.*does not exist|does not exist/s);
  });
});
