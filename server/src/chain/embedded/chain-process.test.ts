import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { access, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

/** `npm run chain` (scripts/chain.ts) as its own process, killed the hard way: nothing answered may be lost. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

let dataDir: string;
let port: number;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts scripts/chain.ts and resolves with its output once it serves. */
async function startChainProcess(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/chain.ts"], {
    cwd: ROOT,
    env: { ...process.env, SOUNDMARK_DATA: dataDir, CHAIN_PORT: String(port), HOST: "127.0.0.1", SOUNDMARK_CONFIG: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let text = "";
  child.stdout!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const check = () => (text.includes("chain RPC http://") ? resolve() : undefined);
    child.stdout!.on("data", check);
    child.once("exit", (code) => reject(new Error(`scripts/chain.ts exited (${code}):\n${text}`)));
  });
  return { child, output: () => text };
}

const rpc = async (method: string, params: unknown[] = []) => {
  const res = await fetch(`http://127.0.0.1:${port}`, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result;
};

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "soundmark-chain-process-"));
  port = await freePort();
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm run chain", () => {
  it("keeps every answered change through a kill -9, and stops cleanly on SIGTERM", async () => {
    const first = await startChainProcess();
    expect(first.output()).toContain("0 journaled call(s) replayed");
    const [from, to] = (await rpc("eth_accounts")) as string[];
    for (let i = 0; i < 5; i++) await rpc("eth_sendTransaction", [{ from, to, value: "0x1" }]);
    const latest = await rpc("eth_getBlockByNumber", ["latest", false]);
    first.child.kill("SIGKILL");
    await once(first.child, "exit");

    // The lock file of the killed process is left behind; its pid is gone, so the next start takes it over.
    const second = await startChainProcess();
    expect(second.output()).toContain("5 journaled call(s) replayed");
    expect(await rpc("eth_getBlockByNumber", ["latest", false])).toEqual(latest);
    second.child.kill("SIGTERM");
    const [code] = (await once(second.child, "exit")) as [number | null];
    expect(code).toBe(0);
    await expect(access(path.join(dataDir, "chain", "lock"))).rejects.toThrow(/ENOENT/);
  });
});
