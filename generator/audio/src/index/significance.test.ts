import { describe, expect, it } from "vitest";
import { log10ChanceOfBestBin, logGamma, logPoissonTail } from "./significance.js";

/** P(X >= k) by direct summation of the pmf in log space. */
function tail(k: number, lambda: number): number {
  let p = 0;
  for (let j = k; j < k + 2000; j++) p += Math.exp(-lambda + j * Math.log(lambda) - logGamma(j + 1));
  return p;
}

describe("significance", () => {
  it("logGamma matches log factorials", () => {
    let f = 0;
    for (let n = 1; n < 60; n++) {
      f += Math.log(n);
      expect(logGamma(n + 1)).toBeCloseTo(f, 9);
    }
  });

  it("logPoissonTail matches direct summation, above and below the mean", () => {
    for (const [k, lambda] of [
      [1, 0.01],
      [5, 0.3],
      [20, 0.5],
      [200, 2],
      [3, 4],
      [10, 12],
    ] as const) {
      expect(logPoissonTail(k, lambda)).toBeCloseTo(Math.log(tail(k, lambda)), 6);
    }
    expect(logPoissonTail(0, 1)).toBe(0);
    expect(logPoissonTail(3, 0)).toBe(-Infinity);
    // Far tails stay finite where the probability underflows.
    expect(logPoissonTail(2000, 0.1)).toBeLessThan(-10_000);
  });

  it("bounds the best of many bins and never exceeds certainty", () => {
    expect(log10ChanceOfBestBin(2, 0.5, 1000)).toBe(0);
    expect(log10ChanceOfBestBin(30, 0.5, 1e6)).toBeLessThan(-20);
  });
});
