import { WATERMARK_SCHEME } from "../../generator/audio/src/watermark/index.js";
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { promisify } from "node:util";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trackNFTAbi } from "../../server/src/chain/abi/TrackNFT.js";
import { readStackFile, startStack, type RunningStack } from "../../server/src/stack/index.js";
import { DemoError } from "../../scripts/demo/demo-error.js";
import { freePort } from "../../scripts/demo/free-port.js";
import { runDemo, type DemoSummary } from "../../scripts/demo/run-demo.js";
import { DEMO_ROYALTY_BPS } from "../../scripts/demo/steps/artist-licence.js";
import { createServerFolder, startChainNode, type ChainNode, type ServerFolder } from "./testing/e2e-stack.js";

/**
 * `npm run demo`'s story against the real stack as `npm start` runs it (startStack: the server and the generator
 * worker in one process, the worker marking with the server's key), on Hardhat's EDR chain over JSON-RPC.
 */
describe("the demo: from an artist's licence to a platform's check of an MP3 excerpt", () => {
  let chain: ChainNode;
  let folder: ServerFolder;
  let stack: RunningStack;
  let summary: DemoSummary;
  const lines: string[] = [];

  beforeAll(async () => {
    chain = await startChainNode();
    // The server makes its own watermark key, as on a first `npm start`: the generator must mark with that one.
    folder = await createServerFolder({ serviceKey: "created" });
    stack = await startStack({ config: folder.config, rpcUrl: chain.rpcUrl, generator: { port: 0 } });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await chain?.close();
    if (folder) await rm(folder.dataDir, { recursive: true, force: true });
  });

  it("writes stack.json naming the generator, the chain and the signer (no secret), and removes it on close", async () => {
    const info = await readStackFile(folder.dataDir);
    expect(info).toEqual(stack.info);
    expect(info).toMatchObject({
      serverUrl: stack.server.url,
      generatorUrl: stack.generator!.url,
      generatorModelsDir: join(folder.dataDir, "generator", "models"),
      rpcUrl: chain.rpcUrl,
      signer: stack.server.signer,
      watermarkKeyId: stack.server.watermarkKeyIds[0],
    });
    expect(stack.generator!.keyId).toBe(stack.server.watermarkKeyIds[0]);
    expect(JSON.stringify(info)).not.toMatch(/secret|sm_/);
    expect(await (await fetch(`${stack.generator!.url}/v1/health`)).json()).toEqual({ ok: true, queued: 0 });
  });

  it("runs every step of the story and each checks its outcome", async () => {
    summary = await runDemo({
      stack: {
        serverUrl: stack.server.url,
        apiKey: stack.server.firstApiKey!,
        rpcUrl: chain.rpcUrl,
        chainId: stack.server.chainId,
        contracts: stack.server.contracts,
        signer: stack.server.signer,
        generatorUrl: stack.generator!.url,
        generatorModelsDir: stack.info.generatorModelsDir!,
      },
      log: (line) => lines.push(line),
    });
    expect(Object.keys(summary.timings)).toEqual(["preflight", "licence", "train", "generate", "register", "collect", "check"]);
    // Every step is announced and reported done, in order.
    expect(lines.filter((l) => l.startsWith("\n== ")).map((l) => l.slice(4).split(":")[0])).toEqual(["preflight", "licence", "train", "generate", "register", "collect", "check"]);
    expect(lines.filter((l) => /^\s+ok \(\d+\.\d s\)$/.test(l))).toHaveLength(7);
  }, 170_000);

  it("generated the track with the server's watermark key and registered it under the artist's licence", () => {
    expect(summary.generated.watermarkKeyId).toBe(stack.server.watermarkKeyIds[0]);
    expect(summary.generated.modelHash).toBe(summary.model.modelHash);
    expect(summary.registered.sha256).toBe(summary.generated.sha256);
    expect(summary.registered.cid).toMatch(/^bafy/);
    expect(summary.registered.manifestCid).toMatch(/^bafkrei/);
  });

  it("sold the token to the collector and paid the artist the licence's royalty", async () => {
    const { tokenId, price, collector, artistShare, registrantShare } = summary.collected;
    expect(await chain.publicClient.readContract({ address: stack.server.contracts.TrackNFT, abi: trackNFTAbi, functionName: "ownerOf", args: [tokenId] })).toBe(collector);
    expect(artistShare).toBe((price * BigInt(DEMO_ROYALTY_BPS)) / 10_000n);
    expect(artistShare + registrantShare).toBe(price);
    const [receiver, royalty] = await chain.publicClient.readContract({
      address: stack.server.contracts.TrackNFT,
      abi: trackNFTAbi,
      functionName: "royaltyInfo",
      args: [tokenId, 10_000n],
    });
    expect(receiver).toBe(summary.licence.artist);
    expect(royalty).toBe(BigInt(DEMO_ROYALTY_BPS));
    expect(await chain.publicClient.readContract({ address: stack.server.contracts.TrackNFT, abi: trackNFTAbi, functionName: "withdrawable", args: [summary.licence.artist] })).toBe(0n);
  });

  it("tells the platform: AI-generated, from which track, in whose style, under which licence, with the transaction and the CID", () => {
    const { check, registered, licence } = summary;
    expect(check.aiGenerated).toBe("yes");
    // Searched with the key the generator marked with. Not required to be found: on the sparse tracks a tiny model
    // renders, the mark rarely survives a 10 s MP3 excerpt; the fingerprint match carries the verdict.
    expect(check.watermark).toMatchObject({ keyId: summary.generated.watermarkKeyId, scheme: WATERMARK_SCHEME });
    expect(check.match!.sha256).toBe(registered.sha256);
    expect(Math.abs(check.match!.offsetSeconds - check.excerptStartSeconds)).toBeLessThan(0.2);
    expect(check.record).toMatchObject({ sha256: registered.sha256, transactionHash: registered.transactionHash, styleId: Number(licence.styleId), licenceId: Number(licence.licenceId) });
    expect(check.provenance).toMatchObject({ artist: licence.artist.toLowerCase(), style: { id: licence.styleId }, licence: { id: licence.licenceId } });
    expect(check.sentence).toContain(`derived from track ${registered.sha256}`);
    expect(check.sentence).toContain(`in the style of artist ${licence.artist.toLowerCase()}`);
    expect(check.sentence).toContain(`under licence ${licence.licenceId}`);
    expect(check.sentence).toContain(registered.transactionHash);
    expect(check.sentence).toContain(`ipfs://${registered.cid}`);
  });

  it("stops with a DemoError naming the step when the generator is unreachable", async () => {
    await expect(
      runDemo({
        stack: {
          serverUrl: stack.server.url,
          apiKey: stack.server.firstApiKey!,
          rpcUrl: chain.rpcUrl,
          chainId: stack.server.chainId,
          contracts: stack.server.contracts,
          signer: stack.server.signer,
          generatorUrl: "http://127.0.0.1:9",
          generatorModelsDir: stack.info.generatorModelsDir!,
        },
        trackSeconds: 12,
      }),
    ).rejects.toSatisfy((error: unknown) => error instanceof DemoError && /step "preflight" failed: cannot reach http:\/\/127\.0\.0\.1:9/.test(error.message));
  });
});

describe("npm run demo", () => {
  it("starts its own stack (npm start on a temp folder) when nothing answers, runs the story, stops the stack: exit 0", async () => {
    // A port nothing listens on: the demo must start (and stop) a stack of its own.
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, SOUNDMARK_URL: `http://127.0.0.1:${port}` };
    delete env.SOUNDMARK_API_KEY;
    const { stdout, stderr } = await promisify(execFile)("npx", ["tsx", "scripts/demo.ts", "--json"], { env, maxBuffer: 16 << 20, timeout: 170_000 });
    const summary = JSON.parse(stdout);
    expect(summary.check).toMatchObject({ aiGenerated: "yes", match: { sha256: summary.registered.sha256 } });
    expect(summary.collected.artistShare).toBe(((BigInt(summary.collected.price) * BigInt(DEMO_ROYALTY_BPS)) / 10_000n).toString());
    expect(stderr).toMatch(/starting a stack of the demo's own/);
    expect(stderr).toMatch(/The story holds/);
    expect(stderr).toMatch(/stopping the demo's stack/);
    // The first API key is read from npm start's banner and never printed by the demo.
    expect(stdout + stderr).not.toMatch(/sm_[A-Za-z0-9]/);
    // The stack is gone: nothing answers on its server port any more.
    const serverUrl = /stack up in [\d.]+ s: server (http:\/\/[^,\s]+),/.exec(stderr)?.[1];
    expect(serverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(fetch(`${serverUrl}/healthz`)).rejects.toThrow();
  }, 180_000);

  it("exits 1 with a clear message on a malformed key in the environment", async () => {
    const env = { ...process.env, DEMO_ARTIST_KEY: "0x1234" };
    const failed = await promisify(execFile)("npx", ["tsx", "scripts/demo.ts"], { env }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/demo failed: DEMO_ARTIST_KEY must be a private key: 0x and 64 hex digits/);
  });
});
