/**
 * The detector's search order: the offsets-only search first, the speed / tempo / pitch search only in windows where it
 * did not decode a detection (`exhaustiveScales` runs both always). Where the scale search runs, the answer is exactly
 * the exhaustive one; where it is skipped, the payload is the same and the probability is never understated.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { applyAttack } from "../attacks/index.js";
import type { Pcm } from "../pcm.js";
import { excerpt, syntheticMusic } from "../testing/synthetic-music.js";
import { WATERMARK_PAYLOAD_BYTES, detectWatermark, embedWatermark } from "./index.js";

const key = { keyId: "wmk_ba21641ba1a9f34c", secret: "5a".repeat(32) };
const payload = Uint8Array.from({ length: WATERMARK_PAYLOAD_BYTES }, (_, i) => (0x3c + 11 * i) & 0xff);

let plain: Pcm;
let tenSeconds: Pcm;

beforeAll(() => {
  const song = syntheticMusic({ seed: 4, durationSeconds: 14, sampleRate: 44_100 });
  plain = excerpt(song, 2, 10);
  tenSeconds = excerpt(embedWatermark(song, key, payload).pcm, 2, 10);
});

describe("detectWatermark search order", () => {
  it("settles an unscaled marked excerpt at nominal scale: the exhaustive payload, a probability no smaller", () => {
    const quick = detectWatermark(tenSeconds, key);
    const exhaustive = detectWatermark(tenSeconds, key, { exhaustiveScales: true });
    expect(quick.detected).toBe(true);
    expect(exhaustive.detected).toBe(true);
    expect(quick.payload).toEqual(payload);
    expect(exhaustive.payload).toEqual(payload);
    expect(quick.speedFactor).toBeUndefined();
    expect(quick.timeScale).toBeUndefined();
    expect(quick.falsePositiveProbability).toBeGreaterThanOrEqual(exhaustive.falsePositiveProbability);
    expect(quick.falsePositiveProbability).toBeLessThanOrEqual(1e-6);
  });

  it("answers exactly as the exhaustive search where the nominal search decodes nothing (unmarked, speed-changed)", async () => {
    const spedUp = await applyAttack("speed+3%", tenSeconds, 1);
    for (const pcm of [plain, spedUp]) {
      expect(detectWatermark(pcm, key)).toEqual(detectWatermark(pcm, key, { exhaustiveScales: true }));
    }
  });

  it("with the scale search off, runs the offsets-only search alone whatever exhaustiveScales says", () => {
    expect(detectWatermark(tenSeconds, key, { searchScales: false })).toEqual(
      detectWatermark(tenSeconds, key, { searchScales: false, exhaustiveScales: true }),
    );
  });
});
