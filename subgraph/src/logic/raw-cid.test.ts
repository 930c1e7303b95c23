import { describe, expect, it } from "vitest";
import { sha256, stringToBytes, type Hex } from "viem";
import { rawCidFromDigest } from "../../../server/src/ipfs/raw-cid.js";
import { rawSha256Cid } from "./raw-cid";

describe("rawSha256Cid", () => {
  it("names a digest exactly as the server's multiformats-based raw-cid does", () => {
    for (let i = 0; i < 50; i++) {
      const digest = sha256(stringToBytes(`manifest ${i}`));
      expect(rawSha256Cid(digest)).toBe(rawCidFromDigest(digest).toString());
      expect(rawSha256Cid(digest.toUpperCase().replace("0X", "0x"))).toBe(rawCidFromDigest(digest).toString());
    }
    const zero = `0x${"0".repeat(64)}` as Hex;
    expect(rawSha256Cid(zero)).toBe(rawCidFromDigest(zero).toString());
  });

  it("refuses a digest that is not 32 bytes of hex", () => {
    for (const bad of ["", "0x", `0x${"0".repeat(62)}`, `0x${"0".repeat(66)}`, `${"0".repeat(66)}`, `0x${"g".repeat(64)}`]) {
      expect(() => rawSha256Cid(bad)).toThrow(/digest|hex digit/);
    }
  });
});
