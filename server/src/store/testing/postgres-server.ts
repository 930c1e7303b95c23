import { execFile } from "node:child_process";
import { access, chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/** Debian's Postgres 15 binaries (the `postgresql-15` package); CI installs the same. */
export const POSTGRES_BIN_DIR = process.env.SOUNDMARK_POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";

/** A throwaway Postgres server: initdb in a temp dir, pg_ctl on a free port, trust auth on 127.0.0.1 only. */
export interface PostgresTestServer {
  /** URL of the `postgres` maintenance database. */
  readonly adminUrl: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** Why the Postgres variant cannot run here, or null when it can. */
export async function postgresUnavailableReason(): Promise<string | null> {
  if (process.env.SOUNDMARK_TEST_DATABASE_URL) return null;
  try {
    await access(join(POSTGRES_BIN_DIR, "initdb"));
    await access(join(POSTGRES_BIN_DIR, "pg_ctl"));
  } catch {
    return `no Postgres binaries in ${POSTGRES_BIN_DIR} (install postgresql-15 or set SOUNDMARK_TEST_DATABASE_URL)`;
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Postgres refuses to run as root: run its binaries as the `postgres` user then. */
function asPostgresUser(binary: string, args: string[]): [string, string[]] {
  const path = join(POSTGRES_BIN_DIR, binary);
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", path, ...args]] : [path, args];
}

let databaseCounter = 0;

function serverOnUrl(adminUrl: string, stop: () => Promise<void>): PostgresTestServer {
  return {
    adminUrl,
    async createDatabase() {
      const name = `soundmark_test_${process.pid}_${Date.now()}_${++databaseCounter}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop,
  };
}

/** Starts a fresh server (or uses SOUNDMARK_TEST_DATABASE_URL's server, which it leaves running). */
export async function startPostgresTestServer(): Promise<PostgresTestServer> {
  const external = process.env.SOUNDMARK_TEST_DATABASE_URL;
  if (external) return serverOnUrl(external, async () => {});

  const dir = await mkdtemp(join(tmpdir(), "soundmark-pg-"));
  const dataDir = join(dir, "data");
  if (process.getuid?.() === 0) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const initdb = asPostgresUser("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  await run(initdb[0], initdb[1]);
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    const start = asPostgresUser("pg_ctl", ["-D", dataDir, "-o", options, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
    try {
      await run(start[0], start[1]);
    } catch (error) {
      lastError = error; // the port was taken between the probe and the start: try another
      continue;
    }
    const stop = async () => {
      const command = asPostgresUser("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      await run(command[0], command[1]).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    };
    return serverOnUrl(`postgres://postgres@127.0.0.1:${port}/postgres`, stop);
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error(`could not start a Postgres test server: ${String(lastError)}`);
}
