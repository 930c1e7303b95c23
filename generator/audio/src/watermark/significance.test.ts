import { describe, expect, it } from "vitest";
import { SeededRandom } from "../random/seeded-random.js";
import { bernsteinTail, searchFalsePositiveProbability } from "./significance.js";

describe("false-positive bound", () => {
  it("is 1 for non-positive sums, decreasing in the sum, and Bonferroni-capped at 1", () => {
    expect(bernsteinTail(0, 10, 1)).toBe(1);
    expect(bernsteinTail(-3, 10, 1)).toBe(1);
    expect(bernsteinTail(10, 50, 1)).toBeLessThan(bernsteinTail(5, 50, 1));
    expect(searchFalsePositiveProbability(1, 50, 1, 1e6)).toBe(1);
  });

  it("bounds the empirical tail of sums of cos(2 pi U) (the null model of a unit score)", () => {
    const rng = new SeededRandom(11);
    const n = 200;
    const trials = 4000;
    const thresholds = [5, 10, 15, 20];
    const exceed = thresholds.map(() => 0);
    for (let t = 0; t < trials; t++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.cos(2 * Math.PI * rng.next());
      thresholds.forEach((x, k) => {
        if (s >= x) exceed[k]!++;
      });
    }
    thresholds.forEach((x, k) => {
      expect(exceed[k]! / trials).toBeLessThanOrEqual(bernsteinTail(x, n / 2, 1) + 0.01);
    });
  });
});
