import { createHash } from "node:crypto";
import { rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeWav } from "../../generator/audio/src/encode/wav-writer.js";
import { excerpt, syntheticMusic } from "../../generator/audio/src/testing/synthetic-music.js";
import { soundmarkRegistryAbi } from "../../server/src/chain/abi/SoundmarkRegistry.js";
import type { RunningServer } from "../../server/src/server.js";
import { openStore } from "../../server/src/store/index.js";
import { apiClient, createServerFolder, startChainNode, startTestServer, type ChainNode, type ServerFolder } from "./testing/e2e-stack.js";

/**
 * The server is stopped while a track is in its register stage (after IPFS: the registration is sent but not yet
 * mined), then started again on the same data folder and chain: the track ends registered exactly once.
 */
describe("end to end: a server stopped mid-ingest and started again", () => {
  let chain: ChainNode;
  let folder: ServerFolder;
  let signerKey: `0x${string}`;
  let first: RunningServer | undefined;
  let second: RunningServer | undefined;
  let apiKey: string;

  beforeAll(async () => {
    chain = await startChainNode();
    folder = await createServerFolder({ serviceKey: "created" });
    signerKey = await chain.fundedKey();
  }, 60_000);

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await chain?.close();
    if (folder) await rm(folder.dataDir, { recursive: true, force: true });
  });

  it("resumes the job at the stage it stopped in and never registers twice", async () => {
    first = await startTestServer(folder, chain, signerKey);
    apiKey = first.firstApiKey!;
    const keyFile = join(folder.dataDir, "keys", "watermark.json");
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);

    const pcm = syntheticMusic({ seed: 41, durationSeconds: 16, sampleRate: 16_000 });
    const wav = encodeWav(pcm, "s16");
    const sha = createHash("sha256").update(wav).digest("hex");
    const signer = first.signer;
    const contracts = first.contracts;

    // Hold the chain: the registration waits in the mempool, the job in its register stage.
    await chain.rpc("evm_setAutomine", [false]);
    const api = apiClient(first.url, apiKey);
    expect((await api.upload("/v1/tracks", wav, "track.wav")).status).toBe(202);
    const pending = await api.waitForTrack(sha, (t) => t.stage === "register" || t.status === "failed");
    expect(pending).toMatchObject({ status: "processing", cid: expect.any(String), manifestCid: expect.any(String) });
    const until = Date.now() + 30_000;
    while ((await chain.publicClient.getTransactionCount({ address: signer, blockTag: "pending" })) === (await chain.publicClient.getTransactionCount({ address: signer }))) {
      if (Date.now() > until) throw new Error("the registration never reached the mempool");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // Stop: the HTTP edge closes first, then the pipeline waits for the stage in progress, which needs the block.
    const closing = first.close();
    await waitUntilRefused(first.url);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await chain.rpc("evm_mine");
    await closing;
    first = undefined;

    // What the data folder holds now: registered on-chain, the job stopped before its index stage.
    const store = await openStore({ dataDir: folder.config.paths.database });
    const [job] = await store.query<{ status: string; stage: string | null }>("SELECT status, stage FROM ingest_jobs WHERE sha256 = $1", [sha]);
    const [track] = await store.query<{ transaction_hash: string | null }>("SELECT transaction_hash FROM ingest_tracks WHERE sha256 = $1", [sha]);
    await store.close();
    expect(job).toMatchObject({ stage: "index" });
    expect(job!.status).not.toBe("registered");
    expect(track!.transaction_hash).toMatch(/^0x[0-9a-f]{64}$/);

    await chain.rpc("evm_setAutomine", [true]);
    second = await startTestServer(folder, chain, signerKey);
    expect(second.firstApiKey).toBeNull();
    expect(second.contracts).toEqual(contracts);
    const again = apiClient(second.url, apiKey);
    const done = await again.waitForTrack(sha, (t) => t.status === "registered" || t.status === "failed");
    expect(done).toMatchObject({ status: "registered", transactionHash: track!.transaction_hash, cid: pending.cid, manifestCid: pending.manifestCid });

    const registrations = await chain.publicClient.getContractEvents({
      address: second.contracts.SoundmarkRegistry,
      abi: soundmarkRegistryAbi,
      eventName: "TrackRegistered",
      args: { contentHash: `0x${sha}` },
      fromBlock: 0n,
    });
    expect(registrations.map((e) => e.transactionHash)).toEqual([track!.transaction_hash]);

    // The index stage ran after the restart: the track is found by its audio, with the same service key.
    const { body } = await again.upload("/v1/check", encodeWav(excerpt(pcm, 3, 10), "s16"), "clip.wav");
    expect(body.matches[0]).toMatchObject({ sha256: sha });
    expect(body.watermark.keyId).toBe(second.watermarkKeyIds[0]);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  }, 120_000);
});

/** Resolves once nothing accepts connections at `url` any more. */
async function waitUntilRefused(url: string): Promise<void> {
  for (;;) {
    try {
      await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
