import { describe, expect, it } from "vitest";
import { syntheticCorpus } from "../corpus/synthetic-corpus.js";
import { tokensToNoteSequence } from "./decode-tokens.js";
import { encodeMidi } from "./encode-midi.js";
import { transposeTokens } from "./transpose-tokens.js";
import { createVocabulary } from "./vocabulary.js";

const v = createVocabulary();

describe("transposeTokens", () => {
  it("moves pitched notes and leaves drums, timing and instruments alone", () => {
    // Style 0 has drums (even seeds do).
    const tokens = encodeMidi(syntheticCorpus(0, { pieces: 1, bars: 2 })[0]!.bytes);
    const up = transposeTokens(tokens, 5, v)!;
    const before = tokensToNoteSequence(tokens, v).notes;
    const after = tokensToNoteSequence(up, v).notes;
    expect(before.some((n) => n.isDrum)).toBe(true);
    expect(after).toEqual(before.map((n) => (n.isDrum ? n : { ...n, pitch: n.pitch + 5 })));
    expect(transposeTokens(up, -5, v)).toEqual(tokens);
  });

  it("refuses a shift that would leave the MIDI range", () => {
    const tokens = [v.bos, v.bar, v.positionBase, v.programBase, v.pitchBase + 125, v.velocityBase, v.durationBase, v.eos];
    expect(transposeTokens(tokens, 3, v)).toBeUndefined();
    expect(transposeTokens(tokens, 2, v)).toBeDefined();
  });
});
