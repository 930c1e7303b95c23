import { describe, expect, it } from "vitest";
import { InvalidAddressError, normaliseAddress } from "./artist-view.js";

describe("normaliseAddress", () => {
  it("lowercases a 0x address and trims the space around it", () => {
    expect(normaliseAddress("  0xAbCdEf0123456789aBcDeF0123456789ABCDEF01 \n")).toBe("0xabcdef0123456789abcdef0123456789abcdef01");
  });

  it("refuses what is not 0x and 40 hex digits, naming it", () => {
    for (const input of ["", "0x1234", `0x${"g".repeat(40)}`, `${"a".repeat(40)}`, `0x${"a".repeat(41)}`, '0x"}) { __typename } #']) {
      expect(() => normaliseAddress(input)).toThrow(InvalidAddressError);
    }
    expect(() => normaliseAddress("nope")).toThrow('"nope" is not an Ethereum address');
  });
});
