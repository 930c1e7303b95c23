import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import { parseEventLogs, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeWav } from "../../generator/audio/src/encode/wav-writer.js";
import type { Pcm } from "../../generator/audio/src/pcm.js";
import { excerpt, syntheticMusic } from "../../generator/audio/src/testing/synthetic-music.js";
import { embedWatermark } from "../../generator/audio/src/watermark/index.js";
import { soundmarkRegistryAbi } from "../../server/src/chain/abi/SoundmarkRegistry.js";
import { encodeMp3 } from "../../generator/audio/src/encode/mp3-writer.js";
import { rawCidFromDigest } from "../../server/src/ipfs/raw-cid.js";
import type { RunningServer } from "../../server/src/server.js";
import { grantVariables, registerStyleAndLicence } from "./testing/artist-story.js";
import { apiClient, createServerFolder, startChainNode, startTestServer, type ChainNode, type ServerFolder } from "./testing/e2e-stack.js";

const PAYLOAD = Uint8Array.from([0x53, 0x4d, 0x65, 0x32, 0x65, 0x00, 0x00, 0x07]);
const MODEL_HASH = createHash("sha256").update("a tiny style model").digest("hex");
const EXCERPT_START = 5;

/**
 * The whole story over HTTP against the real stack (EDR chain over JSON-RPC, Helia and PGlite on disk, the durable
 * pipeline, the registrar and the indexer): an artist registers a style and grants the server a licence, a generated
 * and watermarked track is submitted, registered, queried, and an MP3 excerpt of it is checked.
 */
describe("end to end: a generated track from the artist's licence to a platform's check", () => {
  let chain: ChainNode;
  let folder: ServerFolder;
  let server: RunningServer;
  let api: ReturnType<typeof apiClient>;
  let artistKey: Hex;
  let styleId: string;
  let licenceId: string;
  let trackPcm: Pcm;
  let trackSha: string;
  let submitted: any;

  beforeAll(async () => {
    chain = await startChainNode();
    folder = await createServerFolder();
    server = await startTestServer(folder, chain, await chain.fundedKey());
    if (!server.firstApiKey) throw new Error("a fresh data folder must hand out a first API key");
    api = apiClient(server.url, server.firstApiKey);
    artistKey = await chain.fundedKey();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await chain?.close();
    if (folder) await rm(folder.dataDir, { recursive: true, force: true });
  });

  it("lets the artist sign in with Ethereum, register a style and grant the server's signer a licence", async () => {
    const story = await registerStyleAndLicence(api, server, chain, artistKey);
    expect(story.siweDomain).toBe(new URL(server.url).host);
    styleId = story.styleId;
    licenceId = story.licenceId;
    expect(Number(styleId)).toBeGreaterThan(0);
    expect(Number(licenceId)).toBeGreaterThan(0);

    // The same signed grant again: refused by the contract's nonce before any gas is spent, with its decoded error.
    await expect(
      api.graphql(
        "mutation($g: LicenceGrantInput!, $s: String!) { grantLicence(grant: $g, signature: $s) { transactionHash } }",
        grantVariables(story.grant, story.signature),
        story.session,
      ),
    ).rejects.toThrow(/nonce/i);
  });

  it("accepts the watermarked track on POST /v1/tracks and registers it under the licence", async () => {
    trackPcm = embedWatermark(syntheticMusic({ seed: 31, durationSeconds: 20, sampleRate: 16_000 }), folder.watermarkKey!, PAYLOAD).pcm;
    const wav = encodeWav(trackPcm, "s16");
    trackSha = createHash("sha256").update(wav).digest("hex");
    const generator = { styleId: Number(styleId), licenceId: Number(licenceId), modelHash: MODEL_HASH, seed: 31, params: { temperature: 0.9 } };
    const accepted = await api.upload("/v1/tracks", wav, "generated.wav", { generator: JSON.stringify(generator) });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ sha256: trackSha, status: expect.stringMatching(/^(queued|processing)$/) });

    submitted = await api.waitForTrack(trackSha, (t) => t.status === "registered" || t.status === "failed");
    expect(submitted).toMatchObject({ status: "registered", error: null, cid: expect.stringMatching(/^bafy/), manifestCid: expect.stringMatching(/^bafkrei/) });

    // On-chain: exactly one registration, by the server's signer, committing to the manifest the CID names.
    const logs = await chain.publicClient.getContractEvents({
      address: server.contracts.SoundmarkRegistry,
      abi: soundmarkRegistryAbi,
      eventName: "TrackRegistered",
      args: { contentHash: `0x${trackSha}` },
      fromBlock: 0n,
    });
    expect(logs).toHaveLength(1);
    const [event] = parseEventLogs({ abi: soundmarkRegistryAbi, logs, eventName: "TrackRegistered" });
    expect(event!.transactionHash).toBe(submitted.transactionHash);
    expect(event!.args.registrant).toBe(server.signer);
    expect(event!.args.styleId).toBe(Number(styleId));
    expect(event!.args.licenceId).toBe(BigInt(licenceId));
    expect(rawCidFromDigest(event!.args.manifestDigest).toString()).toBe(submitted.manifestCid);

    // The same file again: the same job, no second registration.
    const again = await api.upload("/v1/tracks", wav, "again.wav", { generator: JSON.stringify(generator) });
    expect(again.body).toMatchObject({ sha256: trackSha, jobId: accepted.body.jobId, status: "registered" });
  });

  it("answers provenance(sha256) and track from the indexed chain and the ingest record", async () => {
    const query = `query($sha: String!) {
      provenance(sha256: $sha) {
        registrant artist modelHash transactionHash blockNumber manifestCid watermark
        style { id artist licences { id } }
        licence { id licensee royaltyBps bySignature }
        track { kind }
      }
      track(sha256: $sha) { id kind registrant styleId licenceId cid manifestCid transactionHash durationSeconds job { status } }
    }`;
    let data: any;
    const until = Date.now() + 20_000;
    // The indexer follows the chain on its own clock: wait for it to reach the registration's block.
    do {
      data = await api.graphql(query, { sha: trackSha });
      if (data.provenance?.blockNumber) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    } while (Date.now() < until);
    const artist = privateKeyToAccount(artistKey).address.toLowerCase();
    expect(data.provenance).toMatchObject({
      registrant: server.signer.toLowerCase(),
      artist,
      modelHash: MODEL_HASH,
      transactionHash: submitted.transactionHash,
      manifestCid: submitted.manifestCid,
      style: { id: styleId, artist },
      licence: { id: licenceId, licensee: server.signer.toLowerCase(), royaltyBps: 500, bySignature: true },
      track: { kind: "GENERATED" },
    });
    expect(data.provenance.style.licences.map((l: { id: string }) => l.id)).toContain(licenceId);
    expect(data.provenance.watermark).toMatchObject({ keyId: folder.watermarkKey!.keyId, payload: Buffer.from(PAYLOAD).toString("hex") });
    expect(data.track).toMatchObject({
      id: trackSha,
      kind: "GENERATED",
      registrant: server.signer.toLowerCase(),
      styleId,
      licenceId,
      cid: submitted.cid,
      manifestCid: submitted.manifestCid,
      transactionHash: submitted.transactionHash,
      durationSeconds: 20,
      job: { status: "REGISTERED" },
    });
  });

  it("finds the registered track from a 128 kbps MP3 10-second excerpt on POST /v1/check: AI-generated, with its offset", async () => {
    const mp3 = encodeMp3(excerpt(trackPcm, EXCERPT_START, 10), 128);
    const { status, body } = await api.upload("/v1/check", mp3, "clip.mp3");
    expect(status).toBe(200);
    expect(body.aiGenerated).toBe("yes");
    expect(body.format).toBe("mp3");
    expect(body.matches[0]).toMatchObject({ sha256: trackSha });
    // lamejs delays the audio by about 0.07 s
    expect(Math.abs(body.matches[0].offsetSeconds - EXCERPT_START)).toBeLessThan(0.2);
    expect(body.matches[0].matchedSeconds).toBeGreaterThan(5);
    expect(body.records[0]).toMatchObject({ sha256: trackSha, kind: "generated", registered: true, styleId: Number(styleId), licenceId: Number(licenceId) });
    expect(body.records[0].transactionHash).toBe(submitted.transactionHash);
    expect(body.style).toMatchObject({ styleId: Number(styleId), licenceId: Number(licenceId) });
  });

  it("refuses a check without an API key", async () => {
    const anonymous = apiClient(server.url, null);
    const { status, body } = await anonymous.upload("/v1/check", encodeWav(excerpt(trackPcm, 0, 10), "s16"), "clip.wav");
    expect(status).toBe(401);
    expect(body.error.code).toMatch(/[A-Z_]+/);
  });

  it("reports the ingest jobs and the indexer's lag behind the chain head on /metrics", async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/^soundmark_ingest_jobs\{status="registered"\} [1-9]\d*$/m);
    const lag = Number(/^soundmark_indexer_lag_blocks (\d+)$/m.exec(text)?.[1]);
    // The indexer follows the head (confirmations 0 here); a block or two may land between its poll and this read.
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(5);
  });
});
