import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { MigrationError } from "./errors.js";
import type { MigrationTarget } from "./sql.js";

/** The folder of the server's migrations: `NNNN-name.sql`, applied in name order. */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

const MIGRATION_NAME = /^(\d{4})-[a-z0-9][a-z0-9-]*\.sql$/;

export interface Migration {
  name: string;
  sql: string;
  /** sha256 of the file, so that an edit to an applied migration is caught instead of silently ignored. */
  checksum: string;
}

/** Every migration in `dir`, in name order; refuses names outside the convention and duplicate numbers. */
export async function loadMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".sql")).sort();
  const seen = new Map<string, string>();
  const migrations: Migration[] = [];
  for (const name of names) {
    const match = MIGRATION_NAME.exec(name);
    if (!match) {
      throw new MigrationError(name, "bad file name", { details: "expected NNNN-lowercase-name.sql" });
    }
    const number = match[1]!;
    const other = seen.get(number);
    if (other) throw new MigrationError(name, `number ${number} is also used by ${other}`);
    seen.set(number, name);
    const sql = await readFile(`${dir}/${name}`, "utf8");
    migrations.push({ name, sql, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return migrations;
}

export interface RunMigrationsReturnType {
  applied: string[];
  skipped: string[];
}

/** Applies every pending migration once, each in its own transaction, under the target's migration lock. */
export async function runMigrations(target: MigrationTarget, migrations: Migration[]): Promise<RunMigrationsReturnType> {
  return target.withMigrationLock(async () => {
    await target.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         name text PRIMARY KEY,
         checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const rows = await target.query<{ name: string; checksum: string }>("SELECT name, checksum FROM schema_migrations");
    const recorded = new Map(rows.map((r) => [r.name, r.checksum]));
    const applied: string[] = [];
    const skipped: string[] = [];
    for (const migration of migrations) {
      const checksum = recorded.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new MigrationError(migration.name, "was edited after it was applied", {
            details: "applied migrations are immutable: add a new migration instead of changing this one",
          });
        }
        skipped.push(migration.name);
        continue;
      }
      try {
        await target.execInTransaction(migration.sql, {
          text: "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)",
          params: [migration.name, migration.checksum],
        });
      } catch (cause) {
        throw new MigrationError(migration.name, "failed to apply", {
          details: cause instanceof Error ? cause.message : String(cause),
          cause,
        });
      }
      applied.push(migration.name);
    }
    return { applied, skipped };
  });
}
