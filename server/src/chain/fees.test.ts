import { describe, expect, it } from "vitest";
import { bumpFees, MIN_FEE_BUMP_PERCENT } from "./fees.js";

describe("replacement fees", () => {
  it("raise both caps by at least 12.5%, rounding up", () => {
    const bumped = bumpFees({ maxFeePerGas: 1000n, maxPriorityFeePerGas: 100n }, { maxFeePerGas: 1n, maxPriorityFeePerGas: 1n });
    expect(bumped).toEqual({ maxFeePerGas: 1125n, maxPriorityFeePerGas: 113n });
    expect(MIN_FEE_BUMP_PERCENT).toBe(12.5);
  });

  it("never bump by less than the minimum, whatever is asked", () => {
    const bumped = bumpFees({ maxFeePerGas: 1000n, maxPriorityFeePerGas: 1000n }, { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }, 1);
    expect(bumped.maxFeePerGas).toBe(1125n);
    expect(bumpFees({ maxFeePerGas: 1000n, maxPriorityFeePerGas: 0n }, { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }, 50)).toEqual({
      maxFeePerGas: 1500n,
      maxPriorityFeePerGas: 1n,
    });
  });

  it("follow the market when it moved above the bump", () => {
    const bumped = bumpFees({ maxFeePerGas: 1000n, maxPriorityFeePerGas: 100n }, { maxFeePerGas: 5000n, maxPriorityFeePerGas: 300n });
    expect(bumped).toEqual({ maxFeePerGas: 5000n, maxPriorityFeePerGas: 300n });
  });

  it("keep the max fee at least the tip", () => {
    const bumped = bumpFees({ maxFeePerGas: 10n, maxPriorityFeePerGas: 10n }, { maxFeePerGas: 0n, maxPriorityFeePerGas: 100n });
    expect(bumped.maxFeePerGas).toBeGreaterThanOrEqual(bumped.maxPriorityFeePerGas);
  });
});
