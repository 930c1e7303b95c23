import { describe, expect, it } from "vitest";
import { InvalidLandmarkConfigError } from "../../errors/landmark-error.js";
import { excerpt, syntheticMusic } from "../../testing/synthetic-music.js";
import { LANDMARK_CONFIGS, type LandmarkConfig } from "./landmark-config.js";
import { extractLandmarks, resolveLandmarkConfig } from "./landmarks.js";

const track = syntheticMusic({ seed: 21, durationSeconds: 30 });

describe("extractLandmarks", () => {
  for (const config of Object.values(LANDMARK_CONFIGS)) {
    it(`${config.name}: an excerpt's query hashes are found in the track at the excerpt's offset`, () => {
      const ref = extractLandmarks(track, config.name);
      expect(ref.config).toBe(config.name);
      expect(extractLandmarks(track, config)).toEqual(ref);
      const start = 7.5;
      const q = extractLandmarks(excerpt(track, start, 10), config.name, "query");
      const at = new Map<number, number[]>();
      for (let i = 0; i < ref.count; i++) at.set(ref.hashes[i]!, [...(at.get(ref.hashes[i]!) ?? []), ref.times[i]!]);
      const offset = Math.round(start * ref.frameRate);
      const inside = Array.from(ref.times).filter((t) => t >= offset && t < offset + q.frames - 64).length;
      let aligned = 0;
      for (let i = 0; i < q.count; i++) {
        if (at.get(q.hashes[i]!)?.some((t) => Math.abs(t - q.times[i]! - offset) <= 1)) aligned++;
      }
      // Most reference landmarks inside the excerpt are recovered from it.
      expect(aligned).toBeGreaterThan(0.7 * inside);
    });
  }

  it("downmixes and resamples other inputs to the working rate", () => {
    const mono = track.channels[0]!;
    const stereo = { sampleRate: 8000, channels: [mono, mono] };
    expect(extractLandmarks(stereo, "pairs_v1")).toEqual(extractLandmarks(track, "pairs_v1"));
    // The same music rendered at 22.05 kHz (its percussion noise differs sample by sample) shares most landmarks.
    const hi = syntheticMusic({ seed: 21, durationSeconds: 30, sampleRate: 22_050 });
    const a = extractLandmarks(track, "pairs_v1");
    const b = extractLandmarks(hi, "pairs_v1");
    expect(b.frames).toBe(a.frames);
    const set = new Set(Array.from(a.hashes, (h, i) => h * 4096 + a.times[i]!));
    const shared = Array.from(b.hashes).filter((h, i) => set.has(h * 4096 + b.times[i]!)).length;
    expect(shared).toBeGreaterThan(0.3 * a.count);
  });

  it("rejects unknown names and numbers that do not fit the hash layout", () => {
    expect(() => resolveLandmarkConfig("pairs_v0")).toThrow(InvalidLandmarkConfigError);
    const bad: LandmarkConfig = { ...LANDMARK_CONFIGS.pairs_v1, pairs: { ...LANDMARK_CONFIGS.pairs_v1.pairs, maxDt: 64 } };
    expect(() => extractLandmarks(track, bad)).toThrow(/maxDt/);
    const log: LandmarkConfig = {
      ...LANDMARK_CONFIGS.triplets_v1,
      triplets: { ...LANDMARK_CONFIGS.triplets_v1.triplets, ratioLevels: 16 },
    };
    expect(() => resolveLandmarkConfig(log)).toThrow(InvalidLandmarkConfigError);
  });

  it("gives an empty fingerprint for audio shorter than a window", () => {
    const lm = extractLandmarks({ sampleRate: 8000, channels: [new Float32Array(200)] }, "triplets_v1", "query");
    expect(lm.count).toBe(0);
    expect(lm.frames).toBe(0);
  });
});
