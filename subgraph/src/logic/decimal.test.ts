import { describe, expect, it } from "vitest";
import { addDecimal, compareDecimal, decimalToHex, isDecimal, minDecimal, subtractDecimal } from "./decimal";

const MAX_UINT256 = (1n << 256n) - 1n;

describe("decimal arithmetic on uint256 strings", () => {
  it("adds, subtracts and compares like bigint, up to 2^256 - 1", () => {
    const values = [0n, 1n, 9n, 10n, 99n, 1000n, 10n ** 18n, 123456789012345678901234567890n, MAX_UINT256 - 1n, MAX_UINT256];
    for (const a of values) {
      for (const b of values) {
        expect(addDecimal(a.toString(), b.toString())).toBe((a + b).toString());
        expect(compareDecimal(a.toString(), b.toString())).toBe(a < b ? -1 : a > b ? 1 : 0);
        expect(minDecimal(a.toString(), b.toString())).toBe((a < b ? a : b).toString());
        if (a >= b) expect(subtractDecimal(a.toString(), b.toString())).toBe((a - b).toString());
      }
    }
  });

  it("turns a token id back into its 32-byte content hash", () => {
    for (const v of [0n, 1n, 255n, 256n, 0xdeadbeefn, MAX_UINT256, 2n ** 255n + 12345n]) {
      expect(decimalToHex(v.toString(), 32)).toBe(`0x${v.toString(16).padStart(64, "0")}`);
    }
  });

  it("refuses what is not a non-negative decimal integer, a negative result, or a value too wide", () => {
    for (const bad of ["", "-1", "01", "1e3", "0x10", " 1", "1.5", "１"]) {
      expect(isDecimal(bad)).toBe(false);
      expect(() => addDecimal(bad, "1")).toThrow(/not a decimal integer/);
    }
    expect(() => subtractDecimal("5", "6")).toThrow(/negative result/);
    expect(() => decimalToHex((MAX_UINT256 + 1n).toString(), 32)).toThrow(/does not fit in 32 bytes/);
  });
});
