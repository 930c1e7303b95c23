import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import { streamSeconds } from "../../generator/src/sample/time-tracker.js";
import type { GridNote } from "../../generator/src/tokenizer/grid-piece.js";
import { gridToTokens } from "../../generator/src/tokenizer/grid-to-tokens.js";
import { createVocabulary } from "../../generator/src/tokenizer/index.js";
import { tokensToGrid } from "../../generator/src/tokenizer/tokens-to-grid.js";
import { barSlice, continuation, drawPrompt, noteCount } from "./generator-prompts.js";

const v = createVocabulary();
const P = v.spec.positionsPerBar;
const note = (bar: number, position: number, pitch: number): GridNote => ({ step: bar * P + position, pitch, durationSteps: 4, velocity: 96, program: 0, isDrum: false });
// Six bars, one note per bar (pitch 60 + bar), a tempo change to 90 BPM at bar 2; bar 0 is silent.
const piece = gridToTokens({ tempos: [{ bar: 0, bpm: 120 }, { bar: 2, bpm: 90 }], notes: [1, 2, 3, 4, 5].map((b) => note(b, 0, 60 + b)), bars: 6 }, v);
const pitchesOf = (tokens: number[]) => tokensToGrid([v.bos, ...tokens, v.eos], v).notes.map((n) => n.pitch);
const tempoOf = (tokens: number[]) => tokensToGrid([v.bos, ...tokens, v.eos], v).tempos[0]!.bpm;

describe("barSlice", () => {
  it("cuts whole bars, keeping the tempo in force at the first one", () => {
    const slice = barSlice(piece, 3, 2, v);
    expect(slice[0]).toBe(v.bar);
    expect(slice.filter((t) => t === v.bar)).toHaveLength(2);
    expect(pitchesOf(slice)).toEqual([63, 64]);
    expect(tempoOf(slice)).toBeCloseTo(90, -1);
    expect(noteCount(slice, v)).toBe(2);
  });

  it("keeps a tempo change on the first bar itself, once", () => {
    const slice = barSlice(piece, 2, 1, v);
    expect(slice.filter((t) => v.info(t).kind === "TEMPO")).toHaveLength(1);
    expect(tempoOf(slice)).toBeCloseTo(90, -1);
  });

  it("is empty past the end", () => {
    expect(barSlice(piece, 6, 2, v)).toEqual([]);
  });
});

describe("drawPrompt", () => {
  const pieces = [{ name: "a", tokens: piece }];

  it("draws bars holding enough notes, the same for the same seed", () => {
    const p = drawPrompt(pieces, 2, new SeededRandom(4), v, 2);
    expect(p.piece).toBe("a");
    expect(p.firstBar).toBeGreaterThanOrEqual(1);
    expect(noteCount(p.tokens, v)).toBe(2);
    expect(drawPrompt(pieces, 2, new SeededRandom(4), v, 2)).toEqual(p);
  });

  it("refuses when no stretch qualifies or there is no piece", () => {
    expect(() => drawPrompt(pieces, 2, new SeededRandom(1), v, 3)).toThrow(RangeError);
    expect(() => drawPrompt([], 2, new SeededRandom(1), v)).toThrow(RangeError);
  });
});

describe("continuation", () => {
  const style = v.styleBase + 1;
  const prompt = barSlice(piece, 2, 2, v);
  const written = gridToTokens({ tempos: [{ bar: 0, bpm: 90 }], notes: [note(0, 0, 80), note(1, 4, 81)], bars: 2 }, v).slice(1);
  const stream = [v.bos, style, ...prompt, ...written];

  it("drops the prompt, keeps BOS STYLE, the model's bars and the tempo in force", () => {
    const own = written.filter((t) => v.info(t).kind !== "TEMPO");
    const out = continuation([v.bos, style, ...prompt, ...own], 2 + prompt.length, v);
    expect(out.slice(0, 2)).toEqual([v.bos, style]);
    const grid = tokensToGrid(out, v);
    expect(grid.notes.map((n) => n.pitch)).toEqual([80, 81]);
    expect(grid.tempos[0]!.bpm).toBeCloseTo(90, -1);
    expect(streamSeconds(out, v)).toBeCloseTo(2 * (240 / grid.tempos[0]!.bpm), 6);
  });

  it("drops notes the model added to the prompt's last bar", () => {
    const extra = [v.positionBase + 8, v.programBase, v.pitchBase + 70, v.velocityBase + 5, v.durationBase + 2];
    const out = continuation([...stream.slice(0, 2 + prompt.length), ...extra, ...written], 2 + prompt.length, v);
    expect(tokensToGrid(out, v).notes.map((n) => n.pitch)).toEqual([80, 81]);
  });

  it("gives an empty but valid piece when the model wrote no new bar", () => {
    const out = continuation([v.bos, style, ...prompt, v.eos], 2 + prompt.length, v);
    expect(tokensToGrid(out, v).notes).toEqual([]);
  });
});
