/**
 * The Soundmark stack as separate OS processes, for the reliability benches (load, faults, fuzz): the persistent
 * embedded chain (scripts/chain.ts) and the server (server/src/index.ts), each a child that can be stopped, killed
 * with SIGKILL and started again on the same data folder. Children run on this process's Node (the pinned Node 24
 * under `npx tsx`) with tsx as a loader, so the pid we hold is the server's own and its RSS is the server's.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

export const REPO_ROOT = resolve(import.meta.dirname, "../../..");

/** A child process of the stack, with its output kept in a log file and its last lines in memory. */
export interface StackChild {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the process has exited (code or signal). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether it is still running. */
  alive(): boolean;
  /** The last lines it wrote (stdout and stderr). */
  tail(lines?: number): string;
  /** SIGKILL: no cleanup, as a power cut or an OOM kill. Resolves once it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (probe-then-close: a small race another process could win). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts `script` (a path from the repository root) under tsx with `env` added to this process's environment. */
export function startTsChild(name: string, script: string, env: Record<string, string>, logFile: string): StackChild {
  mkdirSync(resolve(logFile, ".."), { recursive: true });
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, script)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`${name}: the process did not start`);
  const log = createWriteStream(logFile, { flags: "a" });
  const recent: string[] = [];
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) recent.push(line);
    if (recent.length > 400) recent.splice(0, recent.length - 400);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once("exit", (code, signal) => {
      running = false;
      log.end();
      resolveExit({ code, signal });
    }),
  );
  const pid = child.pid;
  return {
    name,
    pid,
    exited,
    alive: () => running,
    tail: (lines = 20) => recent.slice(-lines).join("\n"),
    async kill9() {
      if (running) child.kill("SIGKILL");
      await exited;
    },
    async stop(graceMs = 15_000) {
      if (!running) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => running && child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident set size of a process in bytes (VmRSS of /proc/<pid>/status), or null when it is gone. */
export function readRssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Polls `probe` until it resolves true, the child dies, or `timeoutMs` passes (then throws with the child's last lines). */
async function waitUntil(child: StackChild, what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!child.alive()) throw new Error(`${child.name} exited before ${what}:\n${child.tail()}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${child.name}: ${what} not reached within ${timeoutMs / 1000} s:\n${child.tail()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Waits until GET <url>/healthz answers 200. */
export function waitForHealthz(child: StackChild, url: string, timeoutMs = 180_000): Promise<void> {
  return waitUntil(child, "GET /healthz = 200", async () => (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) })).status === 200, timeoutMs);
}

/** Waits until the JSON-RPC endpoint answers eth_chainId. */
export function waitForRpc(child: StackChild, rpcUrl: string, timeoutMs = 120_000): Promise<void> {
  return waitUntil(
    child,
    "eth_chainId answered",
    async () => {
      const response = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
        signal: AbortSignal.timeout(5_000),
      });
      return response.ok && typeof ((await response.json()) as { result?: unknown }).result === "string";
    },
    timeoutMs,
  );
}

/** Settings of one stack: a data folder, its ports, and what the server gets in its environment. */
export interface StackSettings {
  dataDir: string;
  serverPort: number;
  chainPort: number;
  /** Extra server environment (DATABASE_URL, RATE_LIMIT_PER_MINUTE, KUBO_API_URL...). */
  serverEnv?: Record<string, string>;
  /** Where the children's output goes (default <dataDir>/logs). */
  logDir?: string;
}

/** A running chain + server pair, each restartable on the same data folder. */
export interface ProcessStack {
  readonly url: string;
  readonly rpcUrl: string;
  readonly apiKey: string;
  readonly settings: StackSettings;
  chain: StackChild;
  server: StackChild;
  startChain(): Promise<StackChild>;
  startServer(extraEnv?: Record<string, string>): Promise<StackChild>;
  stop(): Promise<void>;
}

/**
 * Creates an admin API key in the stack's database with the CLI (`soundmark apikey create`), which opens the same
 * database the server will (PGlite folder or DATABASE_URL). Run it before the server holds a PGlite folder.
 */
export function createAdminKey(settings: StackSettings): string {
  const databaseUrl = settings.serverEnv?.DATABASE_URL;
  const result = spawnSync(
    process.execPath,
    [join(REPO_ROOT, "scripts/soundmark.mjs"), "apikey", "create", "--scope", "admin", "--label", "reliability bench", "--json",
      ...(databaseUrl ? ["--database-url", databaseUrl] : ["--data", settings.dataDir])],
    { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, SOUNDMARK_DATA: settings.dataDir } },
  );
  if (result.status !== 0) throw new Error(`soundmark apikey create failed (${result.status}): ${result.stderr}`);
  return (JSON.parse(result.stdout) as { key: string }).key;
}

/** Starts the chain, creates an admin key, then starts the server against the chain; waits for both to answer. */
export async function startProcessStack(settings: StackSettings): Promise<ProcessStack> {
  const logDir = settings.logDir ?? join(settings.dataDir, "logs");
  const host = "127.0.0.1";
  const rpcUrl = `http://${host}:${settings.chainPort}`;
  const url = `http://${host}:${settings.serverPort}`;
  const startChain = async () => {
    const chain = startTsChild("chain", "scripts/chain.ts", { SOUNDMARK_DATA: settings.dataDir, HOST: host, CHAIN_PORT: String(settings.chainPort) }, join(logDir, "chain.log"));
    await waitForRpc(chain, rpcUrl);
    return chain;
  };
  const startServer = async (extraEnv: Record<string, string> = {}) => {
    const server = startTsChild(
      "server",
      "server/src/index.ts",
      { SOUNDMARK_DATA: settings.dataDir, HOST: host, PORT: String(settings.serverPort), RPC_URL: rpcUrl, ...settings.serverEnv, ...extraEnv },
      join(logDir, "server.log"),
    );
    await waitForHealthz(server, url);
    return server;
  };
  const chain = await startChain();
  let apiKey: string;
  try {
    apiKey = createAdminKey(settings);
  } catch (error) {
    await chain.stop();
    throw error;
  }
  let server: StackChild;
  try {
    server = await startServer();
  } catch (error) {
    await chain.stop();
    throw error;
  }
  const stack: ProcessStack = {
    url,
    rpcUrl,
    apiKey,
    settings,
    chain,
    server,
    async startChain() {
      stack.chain = await startChain();
      return stack.chain;
    },
    async startServer(extraEnv) {
      stack.server = await startServer(extraEnv);
      return stack.server;
    },
    async stop() {
      await stack.server.stop();
      await stack.chain.stop();
    },
  };
  return stack;
}
