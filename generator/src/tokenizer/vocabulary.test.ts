import { describe, expect, it } from "vitest";
import { createVocabulary, defaultVocabularySpec } from "./vocabulary.js";

describe("createVocabulary", () => {
  it("lays out every kind of token once, in disjoint ranges", () => {
    const v = createVocabulary();
    const kinds = new Map<string, number>();
    for (let id = 0; id < v.size; id++) {
      const { kind } = v.info(id);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    expect(Object.fromEntries(kinds)).toEqual({
      PAD: 1, BOS: 1, EOS: 1, BAR: 1, DRUM: 1, STYLE: 32, TEMPO: 32, POSITION: 16, PROGRAM: 128, PITCH: 128, VELOCITY: 16, DURATION: 20,
    });
    expect(v.info(v.pitchBase + 60)).toEqual({ kind: "PITCH", value: 60 });
    expect(v.isToken(v.size)).toBe(false);
    expect(() => v.info(-1)).toThrow(RangeError);
  });

  it("has a stable hash that ignores key order and changes with the spec", () => {
    const a = createVocabulary();
    const reordered = Object.fromEntries(Object.entries(defaultVocabularySpec).reverse()) as typeof defaultVocabularySpec;
    expect(createVocabulary(reordered).hash).toBe(a.hash);
    // Pinned: a change here invalidates every trained model, so it must be deliberate.
    expect(a.hash).toBe(PINNED_DEFAULT_HASH);
    expect(createVocabulary({ ...defaultVocabularySpec, positionsPerBar: 12 }).hash).not.toBe(a.hash);
  });

  it("rejects a malformed spec", () => {
    expect(() => createVocabulary({ ...defaultVocabularySpec, durationSteps: [4, 2] })).toThrow(/durationSteps/);
    expect(() => createVocabulary({ ...defaultVocabularySpec, positionsPerBar: 0 })).toThrow(/positionsPerBar/);
  });
});

const PINNED_DEFAULT_HASH = "43f9d65d7988c5e845bb395a0deeb76cfc0264cef81f0b61d75d60853d16cd26";
