import { describe, expect, it } from "vitest";
import { splitStyle } from "./generator-corpus.js";

const items = Array.from({ length: 13 }, (_, i) => `p${i}`);

describe("splitStyle", () => {
  it("splits into disjoint train, validation and held-out sets covering every piece", () => {
    const s = splitStyle(items, { heldOutFraction: 0.2, validationFraction: 0.15, seed: 1 });
    expect(s.heldOut).toHaveLength(3);
    expect(s.validation).toHaveLength(2);
    expect(s.train).toHaveLength(8);
    expect(new Set([...s.train, ...s.validation, ...s.heldOut]).size).toBe(13);
  });

  it("keeps the held-out pieces whatever the validation share (the test set does not move)", () => {
    const a = splitStyle(items, { heldOutFraction: 0.2, validationFraction: 0, seed: 4 });
    const b = splitStyle(items, { heldOutFraction: 0.2, validationFraction: 0.3, seed: 4 });
    expect(b.heldOut).toEqual(a.heldOut);
    expect(a.validation).toEqual([]);
    expect([...b.train, ...b.validation].sort()).toEqual([...a.train].sort());
  });

  it("holds at least one validation piece when two or more are left, and is deterministic", () => {
    const s = splitStyle(items.slice(0, 6), { heldOutFraction: 0.2, validationFraction: 0.15, seed: 2 });
    expect(s.validation).toHaveLength(1);
    expect(splitStyle(items.slice(0, 6), { heldOutFraction: 0.2, validationFraction: 0.15, seed: 2 })).toEqual(s);
  });
});
