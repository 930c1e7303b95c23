import { describe, expect, it } from "vitest";
import { InvalidWatermarkKeyError } from "../errors/watermark-error.js";
import { KeyedStream, generateWatermarkKey, parseWatermarkKey, watermarkKeyId } from "./watermark-key.js";

describe("watermark keys", () => {
  it("generates a 32-byte hex secret with a keyId derived from, but not revealing, it", () => {
    const key = generateWatermarkKey();
    expect(key.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(key.keyId).toMatch(/^wmk_[0-9a-f]{16}$/);
    expect(key.secret).not.toContain(key.keyId.slice(4));
    expect(watermarkKeyId(key.secret)).toBe(key.keyId);
    expect(generateWatermarkKey().secret).not.toBe(key.secret);
  });

  it("round-trips through JSON and accepts a key without keyId", () => {
    const key = generateWatermarkKey();
    expect(parseWatermarkKey(JSON.stringify(key))).toEqual(key);
    expect(parseWatermarkKey({ secret: key.secret.toUpperCase() })).toEqual(key);
  });

  it.each([
    ["null", null],
    ["a number", 42],
    ["bad JSON", "{not json"],
    ["a short secret", { secret: "ab".repeat(16) }],
    ["a non-hex secret", { secret: "zz".repeat(32) }],
    ["a mismatched keyId", { keyId: "wmk_0000000000000000", secret: "11".repeat(32) }],
  ])("rejects %s with INVALID_WATERMARK_KEY", (_, value) => {
    expect(() => parseWatermarkKey(value)).toThrow(InvalidWatermarkKeyError);
    try {
      parseWatermarkKey(value);
    } catch (error) {
      expect((error as InvalidWatermarkKeyError).code).toBe("INVALID_WATERMARK_KEY");
    }
  });

  it("keyed streams are deterministic per (secret, label) and differ across both", () => {
    const take = (secret: string, label: string) => {
      const s = new KeyedStream(secret, label);
      return Array.from({ length: 40 }, () => s.byte());
    };
    const a = "01".repeat(32);
    const b = "02".repeat(32);
    expect(take(a, "x")).toEqual(take(a, "x"));
    expect(take(a, "x")).not.toEqual(take(b, "x"));
    expect(take(a, "x")).not.toEqual(take(a, "y"));
    const s = new KeyedStream(a, "below");
    for (let i = 0; i < 200; i++) expect(s.below(7)).toBeLessThan(7);
  });
});
