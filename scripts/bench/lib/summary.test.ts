import { describe, expect, it } from "vitest";
import { summarize } from "./summary.js";

describe("summarize", () => {
  it("gives mean, median, percentiles and extremes of the finite values", () => {
    const s = summarize([4, 1, 3, 2, 5, Infinity, Number.NaN]);
    expect(s).toMatchObject({ count: 7, finite: 5, mean: 3, median: 3, min: 1, max: 5 });
    expect(s.p5).toBeCloseTo(1.2, 10);
    expect(s.p95).toBeCloseTo(4.8, 10);
  });

  it("gives NaN statistics when there is nothing finite", () => {
    const s = summarize([Infinity]);
    expect(s.count).toBe(1);
    expect(s.finite).toBe(0);
    for (const v of [s.mean, s.median, s.p5, s.p95, s.min, s.max]) expect(v).toBeNaN();
  });
});
