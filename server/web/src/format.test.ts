import { describe, expect, it } from "vitest";
import { formatBps, formatDuration, formatProbability, formatSeconds, formatWei, shortHex } from "./format.js";

describe("formatting for the page", () => {
  it("writes probabilities plainly above 1e-3, in exponent form below, and says when one underflowed", () => {
    expect(formatProbability(0.5)).toBe("0.500");
    expect(formatProbability(7.04e-9)).toBe("7.0e-9");
    expect(formatProbability(0)).toBe("< 1e-300");
    expect(formatProbability(null)).toBe("n/a");
    expect(formatProbability(Number.NaN)).toBe("n/a");
  });

  it("writes wei as exact ETH, basis points as percent, licence durations in days", () => {
    expect(formatWei("0")).toBe("0 ETH");
    expect(formatWei("1500000000000000000")).toBe("1.5 ETH");
    expect(formatWei("1")).toBe("0.000000000000000001 ETH");
    expect(formatWei("123456789012345678901234567890")).toBe("123456789012.34567890123456789 ETH");
    expect(formatBps(500)).toBe("5%");
    expect(formatBps(1234)).toBe("12.34%");
    expect(formatDuration(0)).toBe("perpetual");
    expect(formatDuration(30 * 86_400)).toBe("30 days");
    expect(formatDuration(90)).toBe("90 s");
  });

  it("writes seconds as m:ss.s, rounding before splitting minutes", () => {
    expect(formatSeconds(0)).toBe("0:00.0");
    expect(formatSeconds(75.4)).toBe("1:15.4");
    expect(formatSeconds(59.97)).toBe("1:00.0");
    expect(formatSeconds(-0.5)).toBe("-0:00.5");
  });

  it("cuts long hex strings in the middle and leaves short ones", () => {
    expect(shortHex(`0x${"a".repeat(40)}`)).toBe(`0xaaaaaaaa…${"a".repeat(8)}`);
    expect(shortHex("0x1234")).toBe("0x1234");
  });
});
