import { afterAll, describe, expect, it } from "vitest";
import type { Pcm } from "../../../generator/audio/src/pcm.js";
import { excerpt, syntheticMusic } from "../../../generator/audio/src/testing/synthetic-music.js";
import { embedWatermark, WATERMARK_PAYLOAD_BYTES, watermarkKeyId } from "../../../generator/audio/src/watermark/index.js";
import { createWatermarkSearchPool, searchWatermark, WatermarkSearchError } from "./index.js";

describe("watermark search pool", () => {
  // Fixed keys and payload (as the watermark's own tests): the material detects for these, not for every random key.
  const key = { keyId: watermarkKeyId("5a".repeat(32)), secret: "5a".repeat(32) };
  const otherKey = { keyId: watermarkKeyId("6b".repeat(32)), secret: "6b".repeat(32) };
  const keys = [otherKey, key];
  const payload = Uint8Array.from({ length: WATERMARK_PAYLOAD_BYTES }, (_, i) => (0xde + 37 * i) & 0xff);
  const song = syntheticMusic({ seed: 4, durationSeconds: 14, sampleRate: 44_100 });
  const marked = excerpt(embedWatermark(song, key, payload).pcm, 2, 10);
  const plain = excerpt(song, 2, 10);
  const pool = createWatermarkSearchPool({ keys, size: 2 });
  afterAll(() => pool.close());

  it("answers exactly what the search in this thread answers, marked or not, and leaves the caller's samples intact", async () => {
    const before = marked.channels[0]!.slice();
    const [onPool, plainOnPool] = await Promise.all([pool.search(marked, { searchScales: false }), pool.search(plain, { searchScales: false })]);
    expect(onPool).toEqual(searchWatermark(marked, keys, { searchScales: false }));
    expect(onPool).toMatchObject({ detected: true, keyId: key.keyId, payload: Buffer.from(payload).toString("hex") });
    expect(plainOnPool).toEqual(searchWatermark(plain, keys, { searchScales: false }));
    expect(plainOnPool?.detected).toBe(false);
    expect(marked.channels[0]).toEqual(before);
  }, 60_000);

  it("queues more searches than workers and answers each its own", async () => {
    const clips: Pcm[] = [marked, plain, marked, plain, marked];
    const scans = await Promise.all(clips.map((pcm) => pool.search(pcm, { searchScales: false })));
    expect(scans.map((s) => s?.detected)).toEqual([true, false, true, false, true]);
  }, 60_000);

  it("answers null for audio the detector cannot analyse, as the search in this thread does", async () => {
    const broken: Pcm = { sampleRate: 16_000, channels: [new Float32Array(16_000 * 5).fill(Number.NaN)] };
    expect(searchWatermark(broken, keys)).toBeNull();
    await expect(pool.search(broken)).resolves.toBeNull();
  }, 60_000);

  it("rejects searches after close with a typed error", async () => {
    const closing = createWatermarkSearchPool({ keys, size: 1 });
    // Caught at once: the queued one rejects inside close(), before the expectations below look at it.
    const running = closing.search(plain, { searchScales: false }).catch((error: unknown) => error);
    const queued = closing.search(plain, { searchScales: false }).catch((error: unknown) => error);
    await closing.close();
    expect(await queued).toBeInstanceOf(WatermarkSearchError);
    expect(await running).toBeInstanceOf(WatermarkSearchError);
    await expect(closing.search(plain)).rejects.toBeInstanceOf(WatermarkSearchError);
  }, 60_000);

  it("refuses a pool without workers", () => {
    expect(() => createWatermarkSearchPool({ keys, size: 0 })).toThrow(RangeError);
  });
});
