import { describe, expect, it } from "vitest";
import { LANDMARK_CONFIGS } from "./landmark-config.js";
import { hashPairs, hashTriplets, packTripletExtra, pairHash, tripletExtraPosition, tripletExtraSpan, tripletHash } from "./hashing.js";
import { pairPeaks } from "./pairs.js";
import type { Peaks } from "./peaks.js";
import { tripletPeaks } from "./triplets.js";

/** Peaks from (time, position, level) triples in time order. */
function peaksOf(points: Array<[number, number, number]>): Peaks {
  const n = points.length;
  const p: Peaks = {
    count: n,
    frame: new Uint32Array(n),
    time: new Float32Array(n),
    bin: new Uint16Array(n),
    position: new Float32Array(n),
    level: new Float32Array(n),
  };
  points.forEach(([t, f, l], i) => {
    p.frame[i] = Math.round(t);
    p.time[i] = t;
    p.bin[i] = Math.round(f);
    p.position[i] = f;
    p.level[i] = l;
  });
  return p;
}

describe("pair hashes", () => {
  it("pack f1, df and dt into 20 bits", () => {
    expect(pairHash(200, -3, 17)).toBe((200 << 12) | (61 << 6) | 17);
    expect(pairHash(255, 31, 63)).toBeLessThan(1 << 20);
  });

  it("pair each anchor with its first peaks in the target zone", () => {
    const config = LANDMARK_CONFIGS.pairs_v1.pairs;
    const peaks = peaksOf([
      [0, 100, 0],
      [0, 180, 0], // same frame: outside minDt
      [5, 110, 0],
      [6, 60, 0], // df = -40: outside the zone
      [10, 120, 0],
      [200, 100, 0], // too late
    ]);
    const pairs = pairPeaks(peaks, config, "reference");
    const fromFirst = Array.from(pairs.target.filter((_, i) => pairs.anchor[i] === 0));
    expect(fromFirst).toEqual([2, 4]);
    const hashed = hashPairs(peaks, pairs);
    expect(hashed.hashes[0]).toBe(pairHash(100, 10, 5));
    expect(hashed.times[0]).toBe(0);
    expect(hashed.extras).toBeUndefined();
  });
});

describe("triplet hashes", () => {
  const config = LANDMARK_CONFIGS.triplets_v1.triplets;
  const points: Array<[number, number, number]> = [
    [100, 60.2, -20],
    [112.3, 66.1, -26],
    [131.7, 52.9, -23],
  ];

  it("are invariant to a pitch shift (a translation of log bins) and to a time scaling", () => {
    const base = hashTriplets(peaksOf(points), tripletPeaks(peaksOf(points), config, "reference"), config, "reference");
    expect(base.count).toBe(1);
    const shifted = points.map(([t, f, l]) => [t * 1.05, f + 3, l - 4] as [number, number, number]);
    const q = peaksOf(shifted);
    const probes = hashTriplets(q, tripletPeaks(q, config, "query"), config, "query");
    expect(Array.from(probes.hashes)).toContain(base.hashes[0]);
    // The extra carries the anchor's position and the span, from which a match estimates pitch and speed.
    const e = probes.extras![0]!;
    expect(tripletExtraPosition(e) - tripletExtraPosition(base.extras![0]!)).toBeCloseTo(3, 0);
    expect(tripletExtraSpan(e) / tripletExtraSpan(base.extras![0]!)).toBeCloseTo(1.05, 1);
  });

  it("probe neighbouring cells of quantities near a boundary, only for queries", () => {
    // d1 = 5.5 log bins sits on a cell boundary.
    const edge = peaksOf([
      [0, 60, -20],
      [10, 65.5, -30],
      [30, 50, -40],
    ]);
    const t = tripletPeaks(edge, config, "query");
    expect(hashTriplets(edge, t, config, "reference").count).toBe(1);
    const q = hashTriplets(edge, t, config, "query");
    expect(q.count).toBeGreaterThan(1);
    expect(new Set(q.hashes).size).toBe(q.count);
  });

  it("skip triplets with a repeated pitch", () => {
    const repeated = peaksOf([
      [0, 60, -20],
      [10, 60.2, -20],
      [30, 70, -20],
    ]);
    expect(tripletPeaks(repeated, config, "reference").count).toBe(0);
  });

  it("pack into 22 bits and the extra into 16", () => {
    expect(tripletHash(62, 62, 7, 7, 15)).toBeLessThan(1 << 22);
    const e = packTripletExtra(180.5, 99);
    expect(tripletExtraPosition(e)).toBe(180.5);
    expect(tripletExtraSpan(e)).toBe(99);
  });
});
