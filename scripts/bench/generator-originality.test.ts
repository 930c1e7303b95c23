import { describe, expect, it } from "vitest";
import type { GridNote, GridPiece } from "../../generator/src/tokenizer/grid-piece.js";
import { gridToTokens } from "../../generator/src/tokenizer/grid-to-tokens.js";
import { createVocabulary, transposeTokens } from "../../generator/src/tokenizer/index.js";
import { barWindows, copiedWindows, windowKeySet } from "./generator-originality.js";

const v = createVocabulary();
const P = v.spec.positionsPerBar;
const note = (bar: number, position: number, pitch: number, over: Partial<GridNote> = {}): GridNote => ({ step: bar * P + position, pitch, durationSteps: 4, velocity: 96, program: 0, isDrum: false, ...over });
const tokensOf = (notes: GridNote[], bars: number, bpm = 120): number[] => gridToTokens({ tempos: [{ bar: 0, bpm }], notes, bars } satisfies GridPiece, v);

// Eight bars of a melody with a hi-hat, each bar different.
const melody = Array.from({ length: 8 }, (_, bar) => [note(bar, 0, 60 + bar), note(bar, 8, 64 + (bar % 3)), note(bar, 0, 42, { isDrum: true, durationSteps: 1 })]).flat();
const training = tokensOf(melody, 8);

describe("barWindows", () => {
  it("gives every window of consecutive bars that holds a note, skipping silent ones", () => {
    expect(barWindows(training, v, 4).map((w) => w.firstBar)).toEqual([0, 1, 2, 3, 4]);
    expect(barWindows(training, v, 4)[0]!.notes).toBe(12);
    const withSilence = tokensOf(melody.filter((n) => n.step >= 6 * P), 12);
    expect(barWindows(withSilence, v, 4).map((w) => w.firstBar)).toEqual([3, 4, 5, 6, 7]);
    expect(barWindows(training, v, 9)).toEqual([]);
  });
});

describe("copiedWindows", () => {
  const keys = windowKeySet([training], v, 4);

  it("finds a verbatim copy of four training bars inside another piece", () => {
    const copy = [note(0, 4, 50), ...melody.filter((n) => n.step >= 2 * P && n.step < 6 * P).map((n) => ({ ...n, step: n.step - P }))];
    const copied = copiedWindows(tokensOf(copy, 6), keys, v, 4);
    expect(copied.map((w) => w.firstBar)).toEqual([1]);
  });

  it("finds a copy in another key (drums stay put) or at another tempo, unless transposition invariance is off", () => {
    const transposed = transposeTokens(training, 5, v)!;
    expect(copiedWindows(transposed, keys, v, 4)).toHaveLength(5);
    expect(copiedWindows(tokensOf(melody, 8, 90), keys, v, 4)).toHaveLength(5);
    expect(copiedWindows(transposed, windowKeySet([training], v, 4, false), v, 4, false)).toHaveLength(0);
  });

  it("finds nothing when one note of every window differs, or when the drums play another key", () => {
    const changed = melody.map((n) => (n.step % (2 * P) === 8 && !n.isDrum ? { ...n, durationSteps: 2 } : n));
    expect(copiedWindows(tokensOf(changed, 8), keys, v, 4)).toHaveLength(0);
    const drumsMoved = melody.map((n) => (n.isDrum ? { ...n, pitch: 44 } : n));
    expect(copiedWindows(tokensOf(drumsMoved, 8), keys, v, 4)).toHaveLength(0);
  });

  it("ignores the BOS and STYLE tokens in front of a generated stream", () => {
    const generated = [v.bos, v.styleBase + 3, ...training.slice(1)];
    expect(copiedWindows(generated, keys, v, 4)).toHaveLength(5);
  });
});
