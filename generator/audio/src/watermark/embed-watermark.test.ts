import { describe, expect, it } from "vitest";
import { unitsToSkip } from "./embed-watermark.js";

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
