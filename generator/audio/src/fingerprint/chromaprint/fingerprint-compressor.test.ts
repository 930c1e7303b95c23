import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../random/seeded-random.js";
import { base64Decode, base64Encode } from "./base64.js";
import { ChromaprintDecodeError } from "./chromaprint-error.js";
import { compressFingerprint, decompressFingerprint } from "./fingerprint-compressor.js";
import { FIXTURE_NAMES, loadFixture } from "./test-support.js";

describe("compressFingerprint / decompressFingerprint", () => {
  const fingerprinted = FIXTURE_NAMES.filter((name) => name !== "tiny-8k-mono");

  it.each(fingerprinted)("%s: compresses fpcalc's raw integers to fpcalc's string, and back", async (name) => {
    const { fixture } = await loadFixture(name);
    expect(compressFingerprint(fixture.raw!, 1)).toBe(fixture.compressed);
    const { raw, algorithm } = decompressFingerprint(fixture.compressed!);
    expect(algorithm).toBe(1);
    expect(Array.from(raw)).toEqual(fixture.raw);
  });

  it("round-trips random fingerprints, including runs of equal items and far-apart bits", () => {
    const rng = new SeededRandom(7);
    for (let trial = 0; trial < 50; trial++) {
      const raw = new Uint32Array(Math.floor(rng.next() * 300));
      for (let i = 0; i < raw.length; i++) {
        const r = rng.next();
        raw[i] = r < 0.2 && i > 0 ? raw[i - 1]! : r < 0.3 ? (0x80000001 >>> 0) : Math.floor(rng.next() * 2 ** 32);
      }
      const algorithm = trial % 5;
      const decoded = decompressFingerprint(compressFingerprint(raw, algorithm));
      expect(decoded.algorithm).toBe(algorithm);
      expect(Array.from(decoded.raw)).toEqual(Array.from(raw));
    }
  });

  it("encodes the header: algorithm byte and a 24-bit big-endian count", () => {
    const bytes = base64Decode(compressFingerprint([0, 0, 0], 4));
    expect(Array.from(bytes.subarray(0, 4))).toEqual([4, 0, 0, 3]);
    expect(compressFingerprint([], 1)).toBe("AQAAAA");
    expect(decompressFingerprint("AQAAAA")).toEqual({ raw: new Uint32Array(0), algorithm: 1 });
  });

  it("rejects malformed strings with ChromaprintDecodeError", () => {
    const good = compressFingerprint([1, 2, 3, 0xffffffff], 1);
    for (const bad of ["", "AQA", good.slice(0, -3), good.replace(/.$/, "*"), "AQAAZA", "AQAAAQ"]) {
      expect(() => decompressFingerprint(bad), bad).toThrow(ChromaprintDecodeError);
    }
  });
});

describe("base64 (URL-safe, unpadded)", () => {
  it("matches the standard alphabet with - and _ and no padding", () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => (i * 37) & 255);
    for (let n = 0; n <= 40; n++) {
      const slice = bytes.subarray(0, n);
      const expected = Buffer.from(slice).toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      expect(base64Encode(slice)).toBe(expected);
      expect(Array.from(base64Decode(expected))).toEqual(Array.from(slice));
      expect(Array.from(base64Decode(`${expected}==`.slice(0, expected.length + ((4 - (expected.length % 4)) % 4))))).toEqual(Array.from(slice));
    }
  });
});
