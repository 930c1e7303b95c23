import { describe, expect, it } from "vitest";
import { syntheticMusic } from "../../audio/src/testing/synthetic-music.js";
import { detectWatermark, watermarkKeyId } from "../../audio/src/watermark/index.js";
import { embedVerified, VERIFY_SNR_FLOORS_DB } from "./embed-verified.js";

// A fixed key, as the watermark's own tests use: on synthetic songs v2's margin depends on the key.
const SECRET = "5a".repeat(32);
const FIXED_KEY = { keyId: watermarkKeyId(SECRET), secret: SECRET };
const payload = Uint8Array.from([0x50, 0x41, 0x59, 0x4c, 0x4f, 0x41, 0x44, 0x21]);

describe("embedVerified", () => {
  it("keeps the default SNR floor when the output is detected there, and the detector reads the payload back", () => {
    const pcm = syntheticMusic({ seed: 4, durationSeconds: 14, sampleRate: 44_100 });
    const marked = embedVerified(pcm, FIXED_KEY, payload);
    expect(marked).toMatchObject({ verified: true, targetSnrDb: VERIFY_SNR_FLOORS_DB[0] });
    expect(marked.snrDb).toBeGreaterThanOrEqual(VERIFY_SNR_FLOORS_DB[0] - 0.01);
    const found = detectWatermark(marked.pcm, FIXED_KEY);
    expect(Buffer.from(found.payload!).equals(Buffer.from(payload))).toBe(true);
  });

  it("is deterministic: the same input gives the same samples", () => {
    const pcm = syntheticMusic({ seed: 9, durationSeconds: 10, sampleRate: 44_100 });
    const a = embedVerified(pcm, FIXED_KEY, payload);
    const b = embedVerified(pcm, FIXED_KEY, payload);
    expect(Buffer.from(a.pcm.channels[0]!.buffer).equals(Buffer.from(b.pcm.channels[0]!.buffer))).toBe(true);
    expect(a.targetSnrDb).toBe(b.targetSnrDb);
  });

  it("reports silence as not verified instead of lowering the floor forever", () => {
    const silence = { sampleRate: 44_100, channels: [new Float32Array(44_100 * 10), new Float32Array(44_100 * 10)] };
    const marked = embedVerified(silence, FIXED_KEY, payload);
    expect(marked.verified).toBe(false);
    expect(marked.snrDb).toBe(Infinity);
  });
});
