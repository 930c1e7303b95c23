import { describe, expect, it } from "vitest";
import { SeededRandom } from "../random/seeded-random.js";
import { syntheticMusic } from "../testing/synthetic-music.js";
import { UNITS_PER_SPAN, watermarkPattern } from "./layout.js";
import { PairFeatures, spectrogram } from "./pair-features.js";
import { DENSE_UNIT_PAIRS, SPARSE_SHARE, UnitProjections } from "./unit-projections.js";

const pattern = watermarkPattern({ keyId: "wmk_ba21641ba1a9f34c", secret: "5a".repeat(32) });

function projections(x: Float32Array): UnitProjections {
  const features = new PairFeatures(spectrogram(x));
  features.compute({ time: 1, freq: 1 }, 0);
  const out = new UnitProjections();
  out.compute(features, pattern, 0);
  return out;
}

describe("UnitProjections: live pairs and the sparse-audio gate", () => {
  it("finds dense noise dense and the sparse synthetic music sparse", () => {
    const rng = new SeededRandom(3);
    const noise = projections(Float32Array.from({ length: 160_000 }, () => 0.1 * (rng.next() - 0.5)));
    const music = projections(syntheticMusic({ seed: 4, durationSeconds: 10, sampleRate: 16_000 }).channels[0]!);
    expect(noise.count).toBeGreaterThan(30);
    expect(noise.denseShare).toBeGreaterThan(0.9);
    expect(music.denseShare).toBeLessThan(SPARSE_SHARE);
  });

  it("counts no live pair in digital silence, and never more live pairs than a unit has pairs", () => {
    const silent = projections(new Float32Array(48_000));
    expect(silent.count).toBeGreaterThan(0);
    expect(silent.denseShare).toBe(0);
    expect(Array.from(silent.live.subarray(0, silent.count * UNITS_PER_SPAN)).every((v) => v === 0)).toBe(true);
    const rng = new SeededRandom(4);
    const noise = projections(Float32Array.from({ length: 48_000 }, () => rng.next() - 0.5));
    for (let i = 0; i < noise.count * UNITS_PER_SPAN; i++) {
      const pairs = 1 / pattern.unitNorm[i % UNITS_PER_SPAN]! ** 2;
      expect(noise.live[i]).toBeLessThanOrEqual(Math.round(pairs));
    }
    const dense = Array.from(noise.live.subarray(0, noise.count * UNITS_PER_SPAN)).filter((v) => v >= DENSE_UNIT_PAIRS);
    expect(dense.length / (noise.count * UNITS_PER_SPAN)).toBeCloseTo(noise.denseShare, 12);
  });
});
