import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { encodeWav } from "../../../generator/audio/src/encode/wav-writer.js";
import type { Pcm } from "../../../generator/audio/src/pcm.js";
import { excerpt, syntheticMusic } from "../../../generator/audio/src/testing/synthetic-music.js";
import { generateWatermarkKey } from "../../../generator/audio/src/watermark/index.js";
import { HARNESS_PAYLOAD, startIngestHarness, type IngestHarness } from "../pipeline/testing/ingest-harness.js";
import { describeStores } from "../store/testing/test-stores.js";
import { checkAudio, createWatermarkSearchPool, type WatermarkSearcher } from "./index.js";
import { encodeMp3 } from "../../../generator/audio/src/encode/mp3-writer.js";

describeStores("checkAudio", (getStore) => {
  let h: IngestHarness;
  let generatedSha: string;
  let originalSha: string;
  let generatedPcm: Pcm;
  const EXCERPT_START = 5;

  beforeAll(async () => {
    h = await startIngestHarness({ store: getStore() });
    const pipeline = h.createPipeline();
    pipeline.start();
    generatedPcm = h.watermarkedMusic(21, 16);
    const generated = await h.writeWav(generatedPcm);
    generatedSha = createHash("sha256").update(await readFile(generated)).digest("hex");
    const original = await h.writeWav(syntheticMusic({ seed: 22, durationSeconds: 10, sampleRate: 16_000 }));
    originalSha = createHash("sha256").update(await readFile(original)).digest("hex");
    await pipeline.submit({ filePath: generated, generator: { styleId: h.styleId, seed: 21 } });
    await pipeline.submit({ filePath: original });
    for (const sha of [generatedSha, originalSha]) {
      const job = await h.waitForJob(pipeline, sha);
      if (job.status !== "registered") throw new Error(`setup ingest failed: ${job.error}`);
    }
    await pipeline.stop();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  const check = (filePath: string, watermarkKeys = [h.watermarkKey]) =>
    checkAudio({ filePath, index: h.index, watermarkKeys, store: getStore() });

  it("says yes for an MP3 excerpt of a registered generated track, from the fingerprint match", async () => {
    const clip = excerpt(generatedPcm, EXCERPT_START, 10);
    const path = join(h.dataDir, "clip.mp3");
    await writeFile(path, encodeMp3(clip, 128));
    const result = await check(path);
    expect(result.aiGenerated).toBe("yes");
    expect(result.format).toBe("mp3");
    expect(result.matches).toHaveLength(1);
    expect(result.matches[0]).toMatchObject({ sha256: generatedSha });
    // the MP3 encoder delays the audio by about 0.07 s (1105 samples at 16 kHz)
    expect(Math.abs(result.matches[0]!.offsetSeconds - EXCERPT_START)).toBeLessThan(0.2);
    expect(result.matches[0]!.matchedSeconds).toBeGreaterThan(5);
    expect(result.matches[0]!.pValue).toBeLessThan(1e-6);
    expect(result.records[0]).toMatchObject({ sha256: generatedSha, kind: "generated", registered: true, generated: true, styleId: h.styleId });
    expect(result.records[0]!.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(result.records[0]!.watermark).toMatchObject({ keyId: h.watermarkKey.keyId, payload: Buffer.from(HARNESS_PAYLOAD).toString("hex") });
    expect(result.style).toEqual({ styleId: h.styleId, licenceId: 0 });
    expect(result.reasons.join("\n")).toContain(`matches registered generated track ${generatedSha}`);
    // the watermark search ran with the configured key (whether the mark survives this MP3 is the watermark's business)
    expect(result.watermark?.keyId).toBe(h.watermarkKey.keyId);
  });

  it("says yes from the watermark alone for a marked track that was never registered", async () => {
    const path = join(h.dataDir, "unregistered-marked.wav");
    await writeFile(path, encodeWav(excerpt(h.watermarkedMusic(24, 13), 3, 10)));
    const result = await check(path);
    expect(result.aiGenerated).toBe("yes");
    expect(result.matches).toEqual([]);
    expect(result.watermark).toMatchObject({ detected: true, keyId: h.watermarkKey.keyId, payload: Buffer.from(HARNESS_PAYLOAD).toString("hex") });
    expect(result.watermark!.falsePositiveProbability).toBeLessThan(1e-6);
    expect(result.reasons[0]).toMatch(/watermark of key wmk_/);
  });

  it("still says yes from the match alone when the checker lacks the key", async () => {
    const path = join(h.dataDir, "clip-nokey.wav");
    await writeFile(path, encodeWav(excerpt(generatedPcm, 4, 8)));
    const result = await check(path, [generateWatermarkKey()]);
    expect(result.watermark?.detected).toBe(false);
    expect(result.aiGenerated).toBe("yes");
    expect(result.matches[0]!.sha256).toBe(generatedSha);
    // matches only (as `similar` asks): no watermark search, the same match
    const matchesOnly = await checkAudio({ filePath: path, index: h.index, watermarkKeys: [h.watermarkKey], store: getStore(), searchWatermark: false });
    expect(matchesOnly).toMatchObject({ aiGenerated: "yes", watermark: null });
    expect(matchesOnly.matches).toEqual(result.matches);
  });

  it("says no for unrelated audio, and unknown for a match to a registered original", async () => {
    const unrelated = join(h.dataDir, "unrelated.wav");
    await writeFile(unrelated, encodeWav(syntheticMusic({ seed: 99, durationSeconds: 10, sampleRate: 16_000 })));
    const none = await check(unrelated);
    expect(none).toMatchObject({ aiGenerated: "no", matches: [], records: [] });
    expect(none.watermark?.detected).toBe(false);

    const fromOriginal = join(h.dataDir, "original-clip.wav");
    await writeFile(fromOriginal, encodeWav(excerpt(syntheticMusic({ seed: 22, durationSeconds: 10, sampleRate: 16_000 }), 3, 7)));
    const original = await check(fromOriginal);
    expect(original.aiGenerated).toBe("unknown");
    expect(original.matches[0]!.sha256).toBe(originalSha);
    expect(original.records[0]).toMatchObject({ kind: "original", generated: false });
  });

  it("searches watermark scales only where no unit-speed match pins them, and a worker pool answers the same", async () => {
    const pinned = join(h.dataDir, "clip-pinned.wav");
    await writeFile(pinned, encodeWav(excerpt(generatedPcm, 2, 10)));
    const free = join(h.dataDir, "unrelated-free.wav");
    await writeFile(free, encodeWav(syntheticMusic({ seed: 98, durationSeconds: 10, sampleRate: 16_000 })));
    const pool = createWatermarkSearchPool({ keys: [h.watermarkKey], size: 1 });
    const asked: boolean[] = [];
    const watermarkSearcher: WatermarkSearcher = (pcm, options) => {
      asked.push(options.searchScales ?? true);
      return pool.search(pcm, options);
    };
    try {
      const onPool = (filePath: string) => checkAudio({ filePath, index: h.index, watermarkKeys: [h.watermarkKey], store: getStore(), watermarkSearcher });
      const pinnedResult = await onPool(pinned);
      const freeResult = await onPool(free);
      // On a pool, the offsets-only search starts while the index is queried; only audio the index does not pin at
      // unit speed (the unrelated clip) goes on to the full speed / pitch search.
      expect(asked).toEqual([false, false, true]);
      expect(pinnedResult.matches[0]).toMatchObject({ sha256: generatedSha, speedFactor: 1, pitchFactor: 1 });
      expect(pinnedResult.watermark).toMatchObject({ detected: true, payload: Buffer.from(HARNESS_PAYLOAD).toString("hex") });
      expect(freeResult).toMatchObject({ aiGenerated: "no", matches: [] });
      expect(pinnedResult).toEqual(await check(pinned));
      expect(freeResult).toEqual(await check(free));
    } finally {
      await pool.close();
    }
  });

  it("says unknown for audio too short or silent to judge", async () => {
    const short = join(h.dataDir, "short.wav");
    await writeFile(short, encodeWav(syntheticMusic({ seed: 23, durationSeconds: 2, sampleRate: 16_000 })));
    expect((await check(short)).aiGenerated).toBe("unknown");
    const silent = join(h.dataDir, "silent.wav");
    await writeFile(silent, encodeWav({ sampleRate: 16_000, channels: [new Float32Array(16_000 * 10)] }));
    const result = await check(silent);
    expect(result).toMatchObject({ aiGenerated: "unknown", matches: [], watermark: null });
  });

  it("throws the decoder's clear error for bytes that are not audio", async () => {
    const junk = join(h.dataDir, "junk.mp3");
    await writeFile(junk, Buffer.from("<html>not audio</html>"));
    await expect(check(junk)).rejects.toMatchObject({ code: "UNSUPPORTED_AUDIO_FORMAT" });
  });
});
