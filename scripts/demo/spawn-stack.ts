import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readStackFile } from "../../server/src/stack/index.js";
import { DemoError } from "./demo-error.js";
import { demoStackFrom, type DemoStack } from "./demo-stack.js";
import { freePort } from "./free-port.js";

export interface SpawnedStack {
  stack: DemoStack;
  dataDir: string;
  /** SIGTERM (npm start's clean stop), then removes the temp data folder. */
  stop(): Promise<void>;
}

/** Lines of `npm start`'s banner the demo reads: the first API key is shown there once and written nowhere else. */
const API_KEY_LINE = /first API key\s+(sm_\S+)/;

/**
 * `npm start` in a child process on a temp data folder and free ports (server, generator, embedded chain), until its
 * stack.json appears and its banner has shown the first API key.
 */
export async function spawnStack({ root, log = () => {}, timeoutMs = 180_000 }: { root: string; log?: (line: string) => void; timeoutMs?: number }): Promise<SpawnedStack> {
  const dataDir = await mkdtemp(join(tmpdir(), "soundmark-demo-"));
  const [port, generatorPort, chainPort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { ...process.env, SOUNDMARK_DATA: dataDir, PORT: String(port), GENERATOR_PORT: String(generatorPort), CHAIN_PORT: String(chainPort), HOST: "127.0.0.1" };
  for (const name of ["RPC_URL", "DATABASE_URL", "KUBO_API_URL", "SOUNDMARK_WATERMARK_KEYS", "PRIVATE_KEY", "SOUNDMARK_KEYSTORE", "SOUNDMARK_CONFIG"]) delete env[name];
  const child = spawn("npx", ["tsx", "scripts/start.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const output: string[] = [];
  let apiKey: string | undefined;
  const read = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      const key = API_KEY_LINE.exec(line)?.[1];
      if (key) apiKey = key;
      output.push(line.replace(API_KEY_LINE, "first API key (hidden)"));
      log(`[npm start] ${line.replace(API_KEY_LINE, "first API key (read by the demo)")}`);
    }
  };
  child.stdout!.on("data", read);
  child.stderr!.on("data", read);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => child.once("exit", (code) => ((exited = code), resolve())));

  const stop = async () => {
    if (exited === undefined) {
      signal(child, "SIGTERM");
      const killed = setTimeout(() => signal(child, "SIGKILL"), 30_000);
      await exit;
      clearTimeout(killed);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const until = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (exited !== undefined) throw new DemoError(`npm start exited (${exited}) before the stack was up`, { details: output.slice(-15).join("\n") });
      const info = await readStackFile(dataDir);
      if (info && apiKey) {
        return { dataDir, stop, stack: demoStackFrom(info, info.serverUrl, apiKey) };
      }
      if (Date.now() > until) throw new DemoError(`npm start was not up after ${timeoutMs / 1000} s`, { details: output.slice(-15).join("\n") });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Signals the child's whole process group (npx -> tsx -> node). */
function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, name);
  } catch {
    // already gone
  }
}
