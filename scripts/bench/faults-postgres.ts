/**
 * A Postgres 15 server of the fault bench's own (Debian's postgresql-15 binaries, as server/src/store/testing does),
 * which the bench can restart under a running Soundmark server: initdb in a temp folder, pg_ctl on a free port,
 * run as the `postgres` user when we are root (Postgres refuses to run as root).
 */
import { execFile } from "node:child_process";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "./lib/stack-process.js";

const run = promisify(execFile);
const BIN = process.env.SOUNDMARK_POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";

export interface BenchPostgres {
  /** URL of the bench's database. */
  databaseUrl: string;
  /** pg_ctl restart -m fast: every connection is cut, the server comes back on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function asPostgres(binary: string, args: string[]): [string, string[]] {
  const path = join(BIN, binary);
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", path, ...args]] : [path, args];
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const dir = await mkdtemp(join(tmpdir(), "soundmark-bench-pg-"));
  const dataDir = join(dir, "data");
  if (process.getuid?.() === 0) {
    const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
    const gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
    await chown(dir, uid, gid);
  }
  const initdb = asPostgres("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  await run(initdb[0], initdb[1]);
  const port = await freePort();
  // Durable settings (fsync on): a restart must not lose a committed row.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  const pgCtl = async (...args: string[]) => {
    const command = asPostgres("pg_ctl", ["-D", dataDir, ...args]);
    await run(command[0], command[1]);
  };
  await pgCtl("-o", options, "-l", join(dir, "server.log"), "-w", "-t", "60", "start");
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query("CREATE DATABASE soundmark_bench");
  await admin.end();
  return {
    databaseUrl: `postgres://postgres@127.0.0.1:${port}/soundmark_bench`,
    restart: () => pgCtl("-o", options, "-l", join(dir, "server.log"), "-m", "fast", "-w", "-t", "60", "restart"),
    async stop() {
      await pgCtl("-m", "immediate", "-w", "stop").catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
