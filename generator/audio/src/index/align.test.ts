import { describe, expect, it } from "vitest";
import { SeededRandom } from "../random/seeded-random.js";
import { alignScaled, alignUnscaled, AlignScratch, type Matches } from "./align.js";

/** `aligned` matches on ref = offset + scale * query, plus `noise` random ones over a 6000-frame track. */
function matches(aligned: number, noise: number, offset: number, scale: number, seed: number): Matches {
  const rng = new SeededRandom(seed);
  const n = aligned + noise;
  const m: Matches = {
    n,
    queryTime: new Int32Array(n),
    refTime: new Int32Array(n),
    queryExtra: new Uint16Array(n),
    refExtra: new Uint16Array(n),
    hash: new Uint32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const q = rng.int(0, 600);
    const span = rng.int(20, 90);
    m.queryTime[i] = q;
    m.hash[i] = rng.int(0, 1 << 20);
    if (i < aligned) {
      m.refTime[i] = Math.round(offset + scale * q);
      m.queryExtra[i] = (100 << 7) | span;
      m.refExtra[i] = (94 << 7) | Math.min(127, Math.round(span * scale));
    } else {
      m.refTime[i] = rng.int(0, 6000);
      m.queryExtra[i] = (rng.int(0, 300) << 7) | span;
      m.refExtra[i] = (rng.int(0, 300) << 7) | rng.int(20, 90);
    }
  }
  return m;
}

describe("alignment", () => {
  it("finds the offset histogram's peak at unit speed", () => {
    const a = alignUnscaled(matches(40, 400, 1234, 1, 1), 1, 60, new AlignScratch());
    expect(a.count).toBeGreaterThanOrEqual(40);
    expect(a.offset).toBe(1234);
    expect(a.scale).toBe(1);
    expect(a.distinct).toBeGreaterThanOrEqual(39);
    expect(a.nearby).toBeLessThan(20);
  });

  it("finds offset, speed and pitch under a time scaling", () => {
    const a = alignScaled(
      matches(60, 400, 2000, 1.05, 2),
      { minScale: 0.8, maxScale: 1.25, tolerance: 2, background: 120, pivot: 300 },
      new AlignScratch(),
    );
    expect(a.count).toBeGreaterThanOrEqual(58);
    expect(a.scale).toBeCloseTo(1.05, 2);
    expect(Math.abs(a.offset - 2000)).toBeLessThan(3);
    expect(a.pitchHalfBins).toBe(6);
    expect(a.last - a.first).toBeGreaterThan(400);
  });

  it("returns an empty alignment without matches", () => {
    const none = matches(0, 0, 0, 1, 3);
    expect(alignUnscaled(none, 1, 60, new AlignScratch()).count).toBe(0);
    const opts = { minScale: 0.8, maxScale: 1.25, tolerance: 2, background: 120, pivot: 300 };
    expect(alignScaled(none, opts, new AlignScratch()).count).toBe(0);
  });
});
