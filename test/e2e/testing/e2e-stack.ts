import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { createPublicClient, http, parseEther, type Hex, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { WatermarkKey } from "../../../generator/audio/src/watermark/index.js";
import { loadConfig, type Config } from "../../../server/src/config/index.js";
import { HARNESS_WATERMARK_KEY } from "../../../server/src/pipeline/testing/ingest-harness.js";
import { startServer, type RunningServer } from "../../../server/src/server.js";

/** Hardhat's EDR chain behind its JSON-RPC server on a free port: the server reaches it over HTTP, as in production. */
export interface ChainNode {
  rpcUrl: string;
  publicClient: PublicClient;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** A fresh key holding 100 ETH on this chain. */
  fundedKey(): Promise<Hex>;
  close(): Promise<void>;
}

export async function startChainNode(): Promise<ChainNode> {
  const server = await network.createServer("default", "127.0.0.1", 0);
  const { address, port } = await server.listen();
  const rpcUrl = `http://${address}:${port}`;
  const publicClient = createPublicClient({ transport: http(rpcUrl), pollingInterval: 50 }) as PublicClient;
  const rpc = <T>(method: string, params: unknown[] = []) => publicClient.request({ method, params } as never) as Promise<T>;
  return {
    rpcUrl,
    publicClient,
    rpc,
    async fundedKey() {
      const key = generatePrivateKey();
      await rpc("hardhat_setBalance", [privateKeyToAccount(key).address, `0x${parseEther("100").toString(16)}`]);
      return key;
    },
    close: () => server.close(),
  };
}

/** A data folder for one server (kept across restarts of that server). */
export interface ServerFolder {
  dataDir: string;
  config: Config;
  /** The key given by SOUNDMARK_WATERMARK_KEYS; null when the server creates its own on first start. */
  watermarkKey: WatermarkKey | null;
}

/**
 * The server's configuration as `npm start` reads it from the environment, on a temp data folder and port 0. With
 * `serviceKey: "harness"` the watermark key is the ingest harness's fixed key (on sparse synthetic songs watermark v2's
 * margin depends on the key); with "created" none is configured and the server makes its own.
 */
export async function createServerFolder({ serviceKey = "harness" }: { serviceKey?: "harness" | "created" } = {}): Promise<ServerFolder> {
  const dataDir = await mkdtemp(join(tmpdir(), "soundmark-e2e-"));
  const env: Record<string, string> = { SOUNDMARK_DATA: dataDir };
  if (serviceKey === "harness") {
    await mkdir(join(dataDir, "secrets"), { recursive: true, mode: 0o700 });
    env.SOUNDMARK_WATERMARK_KEYS = join(dataDir, "secrets", "service-watermark.json");
    await writeFile(env.SOUNDMARK_WATERMARK_KEYS, JSON.stringify(HARNESS_WATERMARK_KEY), { mode: 0o600 });
  }
  const config = loadConfig(env);
  return { dataDir, config: { ...config, port: 0 }, watermarkKey: serviceKey === "harness" ? HARNESS_WATERMARK_KEY : null };
}

export function startTestServer(folder: ServerFolder, chain: ChainNode, privateKey: Hex): Promise<RunningServer> {
  return startServer({ config: folder.config, rpcUrl: chain.rpcUrl, privateKey });
}

/** A small client of the server's HTTP API, as a platform or an artist's app would use it. */
export function apiClient(base: string, apiKey: string | null) {
  const auth = (token: string | null | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  return {
    async upload(route: "/v1/tracks" | "/v1/check", bytes: Uint8Array, name: string, fields: Record<string, string> = {}) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append("file", new Blob([new Uint8Array(bytes)]), name);
      const response = await fetch(`${base}${route}`, { method: "POST", body: form, headers: auth(apiKey) });
      return { status: response.status, body: (await response.json()) as any };
    },
    async track(sha256: string) {
      const response = await fetch(`${base}/v1/tracks/${sha256}`);
      return { status: response.status, body: (await response.json()) as any };
    },
    /** Polls GET /v1/tracks/:sha256 until `done` holds for its body. */
    async waitForTrack(sha256: string, done: (body: any) => boolean, timeoutMs = 45_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const { body } = await this.track(sha256);
        if (done(body)) return body;
        if (Date.now() > until) throw new Error(`track ${sha256} still ${JSON.stringify(body)} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async graphql(query: string, variables?: Record<string, unknown>, token?: string | null) {
      const response = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...auth(token) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join("; ")}`);
      return body.data;
    },
  };
}
