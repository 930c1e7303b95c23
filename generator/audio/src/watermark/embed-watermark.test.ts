import { describe, expect, it } from "vitest";
import { SeededRandom } from "../random/seeded-random.js";
import { excerpt, syntheticMusic } from "../testing/synthetic-music.js";
import { unitsToSkip } from "./embed-watermark.js";
import { QIM_STEPS, WATERMARK_PAYLOAD_BYTES, detectWatermark, embedWatermark } from "./index.js";

const key = { keyId: "wmk_ba21641ba1a9f34c", secret: "5a".repeat(32) };
const payload = Uint8Array.from({ length: WATERMARK_PAYLOAD_BYTES }, (_, i) => (0x71 + 29 * i) & 0xff);
const [small, large] = [QIM_STEPS[0]!, QIM_STEPS.at(-1)!];

/** 10 s of seeded dense noise at 16 kHz: every tile holds power, so the embedder reaches any lattice it aims at. */
function denseNoise(): Float32Array {
  const rng = new SeededRandom(7);
  return Float32Array.from({ length: 160_000 }, () => 0.1 * (rng.next() + rng.next() + rng.next() - 1.5));
}

describe("embedWatermark's QIM step (the larger one where the SNR floor affords its full move)", () => {
  it("takes the large step under a loose floor and the small one under a tighter floor; the detector reads both", () => {
    const pcm = { sampleRate: 16_000, channels: [denseNoise()] };
    // On this noise a full move costs ~30 dB of SNR at the large step, 20 log10(large / small) dB less at the small one.
    const loose = embedWatermark(pcm, key, payload, { targetSnrDb: 25 });
    expect(large).toBeGreaterThan(small);
    expect(loose.qimStep).toBe(large);
    expect(loose.strength).toBe(1);
    // A floor 1 dB above the large step's full move: the small step's full move still fits it.
    const tight = embedWatermark(pcm, key, payload, { targetSnrDb: loose.snrDb + 1 });
    expect(tight.qimStep).toBe(small);
    expect(tight.strength).toBe(1);
    expect(tight.snrDb).toBeGreaterThan(loose.snrDb + 1);
    for (const marked of [loose, tight]) {
      const result = detectWatermark(marked.pcm, key, { searchScales: false });
      expect(result.detected).toBe(true);
      expect(result.payload).toEqual(payload);
    }
  });

  it("keeps the small step on sparse synthetic music (few units can be moved there), and still meets the floor", () => {
    const song = syntheticMusic({ seed: 4, durationSeconds: 14, sampleRate: 44_100 });
    const marked = embedWatermark(song, key, payload);
    expect(marked.qimStep).toBe(small);
    expect(marked.snrDb).toBeGreaterThanOrEqual(38);
    const result = detectWatermark(excerpt(marked.pcm, 2, 10), key, { searchScales: false });
    expect(result.detected).toBe(true);
    expect(result.payload).toEqual(payload);
  });
});

describe("unitsToSkip (the SNR floor leaves the most expensive units unmoved)", () => {
  it("keeps the cheapest units whose total cost fits the fraction, and skips the rest", () => {
    const cost = Float64Array.from([5, 1, 3, 0, 8, 2, 1]);
    const skip = unitsToSkip(cost, 0.4);
    // total 20, allowed 8: 0 + 1 + 1 + 2 + 3 = 7 fit, 5 and 8 do not.
    expect(Array.from(skip)).toEqual([1, 0, 0, 0, 1, 0, 0]);
    let kept = 0;
    cost.forEach((c, i) => (kept += skip[i] ? 0 : c));
    expect(kept).toBeLessThanOrEqual(0.4 * 20);
  });

  it("skips nothing when the whole move fits or nothing costs anything", () => {
    expect(Array.from(unitsToSkip(Float64Array.from([1, 2]), 1))).toEqual([0, 0]);
    expect(Array.from(unitsToSkip(Float64Array.from([0, 0]), 0.5))).toEqual([0, 0]);
  });
});
