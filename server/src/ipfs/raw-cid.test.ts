import { describe, expect, it } from "vitest";
import { sha256 } from "multiformats/hashes/sha2";
import { CID } from "multiformats/cid";
import { bytesToHex } from "viem";
import { digestFromRawCid, rawCidFromDigest } from "./raw-cid.js";
import { InvalidCidError } from "./errors.js";

describe("rawCidFromDigest", () => {
  it("is the CID IPFS gives a raw block with that SHA-256", async () => {
    const bytes = new TextEncoder().encode('{"manifest":1}');
    const hash = await sha256.digest(bytes);
    const expected = CID.createV1(0x55, hash);
    const cid = rawCidFromDigest(bytesToHex(hash.digest));
    expect(cid.toString()).toBe(expected.toString());
    expect(cid.toString()).toMatch(/^bafkrei[a-z2-7]{52}$/);
  });

  it("round-trips through digestFromRawCid", () => {
    const digest = `0x${"ab".repeat(32)}` as const;
    expect(digestFromRawCid(rawCidFromDigest(digest).toString())).toBe(digest);
  });

  it("refuses CIDs that are not raw sha2-256 CIDv1", () => {
    const dagPb = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    expect(() => digestFromRawCid(dagPb)).toThrow(/not a raw sha2-256 CIDv1/);
    expect(() => digestFromRawCid("not a cid")).toThrow(InvalidCidError);
  });

  it("refuses a digest of the wrong length", () => {
    expect(() => rawCidFromDigest("0x1234")).toThrow(InvalidCidError);
    expect(() => rawCidFromDigest(`0x${"zz".repeat(32)}` as `0x${string}`)).toThrow(InvalidCidError);
  });
});
