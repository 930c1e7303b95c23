import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { syntheticMusic } from "../../../generator/audio/src/testing/synthetic-music.js";
import { soundmarkRegistryAbi } from "../chain/abi/SoundmarkRegistry.js";
import { rawCidFromDigest } from "../ipfs/index.js";
import { describeStores } from "../store/testing/test-stores.js";
import { InvalidGeneratorClaimError, UploadTooLargeError, WATERMARK_SCHEME, type IngestJob, type Manifest } from "./index.js";
import { HARNESS_PAYLOAD, startIngestHarness, type IngestHarness } from "./testing/ingest-harness.js";

const sha256Of = async (path: string) => createHash("sha256").update(await readFile(path)).digest("hex");

describeStores("ingest pipeline", (getStore) => {
  let h: IngestHarness;
  beforeAll(async () => {
    h = await startIngestHarness({ store: getStore() });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it("registers a generated, watermarked track end to end", async () => {
    const path = await h.writeWav(h.watermarkedMusic(4, 14)); // the watermark tests' fixture (dense enough to steer)
    const sha256 = await sha256Of(path);
    const pipeline = h.createPipeline();
    const seen: IngestJob[] = [];
    pipeline.on("progress", (job) => seen.push(job));
    pipeline.start();
    const generator = { styleId: h.styleId, modelHash: "c".repeat(64), seed: 42, params: { temperature: 0.9 } };
    const submitted = await pipeline.submit({ filePath: path, originalName: "song.wav", submittedBy: "key_test", generator });
    expect(submitted).toMatchObject({ sha256, status: "queued", stage: "decode", progress: 0 });
    expect(existsSync(path)).toBe(false); // taken over
    const job = await h.waitForJob(pipeline, sha256);
    await pipeline.stop();

    expect(job).toMatchObject({ status: "registered", stage: null, progress: 1, error: null });
    expect(job.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    // every stage reported progress, in order
    const stages = [...new Set(seen.filter((j) => j.status === "processing").map((j) => j.stage))];
    expect(stages).toEqual(["decode", "hashes", "fingerprint", "watermark", "manifest", "ipfs", "register", "index"]);

    // IPFS: the audio byte for byte, and the manifest as one raw block committed on-chain
    const upload = await readFile(join(h.dataDir, "uploads", sha256));
    expect(Buffer.from(await h.ipfs.cat(job.cid!)).equals(upload)).toBe(true);
    const manifestBytes = await h.ipfs.cat(job.manifestCid!);
    const digest = createHash("sha256").update(manifestBytes).digest("hex");
    expect(job.manifestCid).toBe(rawCidFromDigest(`0x${digest}`).toString());
    const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as Manifest;
    expect(manifest).toMatchObject({
      schema: "soundmark/manifest/v1",
      kind: "generated",
      file: { sha256, sizeBytes: upload.length, format: "wav", cid: job.cid },
      audio: { sampleRate: 16_000, channels: 1, durationSeconds: 14 },
      watermark: { scheme: WATERMARK_SCHEME, keyId: h.watermarkKey.keyId, payload: Buffer.from(HARNESS_PAYLOAD).toString("hex") },
      generator: { modelHash: "c".repeat(64), styleId: h.styleId, seed: 42, params: { temperature: 0.9 } },
      licence: { styleId: h.styleId, licenceId: 0 },
      parents: [],
    });
    expect(manifest.audio.pcmSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.fingerprints.chromaprint.fingerprint).toMatch(/^AQAA/);

    // chain: one registration, committing to this manifest
    expect(await h.registrations(sha256)).toBe(1);
    const [event] = await h.chain.publicClient.getContractEvents({
      address: h.deployment.contracts.SoundmarkRegistry.address,
      abi: soundmarkRegistryAbi,
      eventName: "TrackRegistered",
      args: { contentHash: `0x${sha256}` },
      fromBlock: 0n,
    });
    expect(event!.args.manifestDigest).toBe(`0x${digest}`);
    expect(event!.args.kind).toBe(1); // Generated
    expect(Number(event!.args.styleId)).toBe(h.styleId);

    // index: the track is identifiable
    expect(h.index.has(sha256)).toBe(true);
    const [row] = await getStore().query<{ original_name: string; submitted_by: string; registrant: string; indexed_at: Date }>(
      "SELECT original_name, submitted_by, registrant, indexed_at FROM ingest_tracks WHERE sha256 = $1",
      [sha256],
    );
    expect(row).toMatchObject({ original_name: "song.wav", submitted_by: "key_test", registrant: h.chain.wallet(0).account.address.toLowerCase() });
    expect(row!.indexed_at).toBeInstanceOf(Date);

    // the same file again: the same job, nothing new registered
    const again = await h.writeWav(h.watermarkedMusic(4, 14));
    const pipeline2 = h.createPipeline();
    pipeline2.start();
    const duplicate = await pipeline2.submit({ filePath: again });
    await pipeline2.stop();
    expect(duplicate).toMatchObject({ jobId: job.jobId, status: "registered" });
    expect(existsSync(again)).toBe(false);
    expect(await h.registrations(sha256)).toBe(1);
  });

  it("fails corrupt and truncated audio with a clear error at decode, keeping the upload", async () => {
    const pipeline = h.createPipeline();
    pipeline.start();

    const truncatedPath = await h.writeWav(syntheticMusic({ seed: 7, durationSeconds: 4, sampleRate: 16_000 }));
    await truncate(truncatedPath, 30_000);
    const truncatedSha = await sha256Of(truncatedPath);
    await pipeline.submit({ filePath: truncatedPath });

    const garbagePath = join(h.dataDir, "garbage.wav");
    await writeFile(garbagePath, Buffer.concat([Buffer.from("RIFF\xff\xff\xff\xffWAVEfmt ", "latin1"), Buffer.alloc(500, 0x41)]));
    const garbageSha = await sha256Of(garbagePath);
    await pipeline.submit({ filePath: garbagePath });

    const truncated = await h.waitForJob(pipeline, truncatedSha);
    const garbage = await h.waitForJob(pipeline, garbageSha);
    await pipeline.stop();
    expect(truncated).toMatchObject({ status: "failed", stage: "decode", errorCode: "TRUNCATED_AUDIO", attempts: 1 });
    expect(truncated.error).toMatch(/truncated/i);
    expect(garbage).toMatchObject({ status: "failed", stage: "decode" });
    expect(garbage.errorCode).toMatch(/^(CORRUPT_AUDIO|UNSUPPORTED_AUDIO_FORMAT|TRUNCATED_AUDIO)$/);
    for (const sha of [truncatedSha, garbageSha]) {
      expect(existsSync(join(h.dataDir, "uploads", sha))).toBe(true);
      expect(await h.registrations(sha)).toBe(0);
    }
  });

  it("enforces the size cap at submit and the duration cap at decode", async () => {
    const pipeline = h.createPipeline({ limits: { maxUploadBytes: 200_000, maxDurationSeconds: 5 } });
    pipeline.start();
    const big = await h.writeWav(syntheticMusic({ seed: 8, durationSeconds: 8, sampleRate: 16_000 }));
    await expect(pipeline.submit({ filePath: big })).rejects.toThrow(UploadTooLargeError);
    expect(existsSync(big)).toBe(false);

    const long = await h.writeWav(syntheticMusic({ seed: 9, durationSeconds: 6, sampleRate: 16_000 }));
    const sha = await sha256Of(long);
    await pipeline.submit({ filePath: long });
    const job = await h.waitForJob(pipeline, sha);
    await pipeline.stop();
    expect(job).toMatchObject({ status: "failed", stage: "decode", errorCode: "AUDIO_TOO_LARGE" });
  });

  it("fails at the register stage, without retrying, when the chain refuses the record", async () => {
    const pipeline = h.createPipeline();
    pipeline.start();
    const path = await h.writeWav(syntheticMusic({ seed: 13, durationSeconds: 5, sampleRate: 16_000 }));
    const sha = await sha256Of(path);
    await pipeline.submit({ filePath: path, generator: { styleId: 999 } }); // no such style on-chain
    const job = await h.waitForJob(pipeline, sha);
    await pipeline.stop();
    expect(job).toMatchObject({ status: "failed", stage: "register", attempts: 1 });
    expect(job.errorCode).toMatch(/^(CHAIN_|REGISTRATION_)/);
    expect(job.manifestCid).toMatch(/^bafkrei/); // everything before the chain is kept for a retry
    expect(await h.registrations(sha)).toBe(0);
  });

  it("refuses a claim the registry would revert, before taking any work", async () => {
    const pipeline = h.createPipeline();
    const music = syntheticMusic({ seed: 10, durationSeconds: 4, sampleRate: 16_000 });
    const path = await h.writeWav(music);
    const sha = await sha256Of(path);
    await expect(pipeline.submit({ filePath: path, generator: { licenceId: 3 } })).rejects.toThrow(/no licence/);
    expect(existsSync(path)).toBe(false);
    const samePath = await h.writeWav(music);
    await expect(pipeline.submit({ filePath: samePath, generator: { parents: [sha] } })).rejects.toThrow(InvalidGeneratorClaimError);
    expect(existsSync(samePath)).toBe(false);
    expect(existsSync(join(h.dataDir, "uploads", sha))).toBe(false);
    expect(await pipeline.getJob(sha)).toBeNull();
  });

});
