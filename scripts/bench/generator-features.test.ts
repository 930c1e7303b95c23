import { describe, expect, it } from "vitest";
import type { GridNote, GridPiece } from "../../generator/src/tokenizer/grid-piece.js";
import { chunkBars, extractFeatures, featureNames } from "./generator-features.js";

const P = 16;
const note = (step: number, pitch: number, over: Partial<GridNote> = {}): GridNote => ({ step, pitch, durationSteps: 4, velocity: 100, program: 0, isDrum: false, ...over });
const piece = (notes: GridNote[], bars: number): GridPiece => ({ tempos: [{ bar: 0, bpm: 120 }], notes, bars });
const named = (values: number[]) => Object.fromEntries(featureNames(P).map((n, i) => [n, values[i]!]));

describe("extractFeatures", () => {
  // Two bars: a C major chord on beat 1, then E, G, C' as a line; a bass; a hi-hat on every beat.
  const notes = [
    note(0, 60), note(0, 64), note(0, 67),
    note(4, 64), note(8, 67), note(12, 72, { durationSteps: 16 }),
    note(0, 36, { program: 33, durationSteps: 32 }),
    ...[0, 4, 8, 12, 16, 20, 24, 28].map((s) => note(s, 42, { isDrum: true, durationSteps: 1 })),
  ];
  const f = named(extractFeatures(piece(notes, 2), P));

  it("gives one value per named feature, the histograms summing to one", () => {
    const values = extractFeatures(piece(notes, 2), P);
    expect(values).toHaveLength(featureNames(P).length);
    const sum = (prefix: string) => featureNames(P).filter((n) => n.startsWith(prefix)).reduce((s, n) => s + f[n]!, 0);
    for (const prefix of ["pc:", "interval:", "onset:", "duration:"]) expect(sum(prefix)).toBeCloseTo(1, 10);
  });

  it("counts pitch classes of pitched notes only (the drum key 42 is not an F#)", () => {
    expect(f["pc:C"]).toBeCloseTo(3 / 7); // 60, 72 and the bass 36
    expect(f["pc:E"]).toBeCloseTo(2 / 7);
    expect(f["pc:G"]).toBeCloseTo(2 / 7);
    expect(f["pc:F#"]).toBe(0);
  });

  it("takes intervals along each instrument's top line: 67 -> 64 -> 67 -> 72", () => {
    expect(f["interval:-3"]).toBeCloseTo(1 / 3);
    expect(f["interval:3"]).toBeCloseTo(1 / 3);
    expect(f["interval:5"]).toBeCloseTo(1 / 3);
  });

  it("measures onsets, durations, density, polyphony, register and drums", () => {
    expect(f["onset:0"]).toBeCloseTo(2 / 8);
    expect(f["onset:4"]).toBeCloseTo(2 / 8);
    expect(f["onset:1"]).toBe(0);
    expect(f["duration:0"]).toBeCloseTo(8 / 15); // the hi-hats: one step
    expect(f["duration:5"]).toBeCloseTo(1 / 15); // the bass: 32 steps
    expect(f["notesPerBar"]).toBeCloseTo(Math.log1p(15 / 2));
    expect(f["onsetsPerBar"]).toBeCloseTo(Math.log1p(8 / 2));
    expect(f["polyphony"]).toBeCloseTo(7 / 4);
    expect(f["pitchMean"]).toBeCloseTo((60 + 64 + 67 + 64 + 67 + 72 + 36) / 7 / 127);
    expect(f["drumShare"]).toBeCloseTo(8 / 15);
  });

  it("measures instrument families, the drum kit, velocities, inter-onset gaps, instrument count and tempo", () => {
    const sum = (prefix: string) => featureNames(P).filter((n) => n.startsWith(prefix)).reduce((s, n) => s + f[n]!, 0);
    for (const prefix of ["family:", "drum:", "velocity:", "ioi:"]) expect(sum(prefix)).toBeCloseTo(1, 10);
    expect(f["family:0"]).toBeCloseTo(6 / 7); // six piano notes
    expect(f["family:4"]).toBeCloseTo(1 / 7); // the bass (program 33)
    expect(f["drum:hihat"]).toBe(1);
    expect(f["velocity:6"]).toBe(1); // velocity 100
    expect(f["ioi:2"]).toBe(1); // onsets every 4 steps
    expect(f["instruments"]).toBeCloseTo(Math.log1p(3));
    expect(f["tempo"]).toBe(0);
    const faster = named(extractFeatures({ ...piece(notes, 2), tempos: [{ bar: 0, bpm: 240 }] }, P));
    expect(faster["tempo"]).toBeCloseTo(1);
  });

  it("does not change when a piece is repeated (the features do not depend on length)", () => {
    const twice = piece([...notes, ...notes.map((n) => ({ ...n, step: n.step + 2 * P }))], 4);
    const a = extractFeatures(piece(notes, 2), P);
    const b = extractFeatures(twice, P);
    // Only the intervals gain the step from the end of the first copy to the start of the second.
    featureNames(P).forEach((name, i) => {
      if (!name.startsWith("interval:")) expect(b[i]).toBeCloseTo(a[i]!, 10);
    });
  });

  it("gives finite zeros for an empty piece", () => {
    const values = extractFeatures(piece([], 3), P);
    expect(values.every((v) => v === 0)).toBe(true);
  });
});

describe("chunkBars", () => {
  const notes = Array.from({ length: 10 }, (_, bar) => note(bar * P + 2, 60 + bar));

  it("cuts consecutive chunks with steps relative to the chunk, keeping a last chunk of at least half the length", () => {
    const chunks = chunkBars(piece(notes, 10), 4, P);
    expect(chunks.map((c) => c.bars)).toEqual([4, 4, 2]);
    expect(chunks[1]!.notes.map((n) => [n.step, n.pitch])).toEqual([[2, 64], [18, 65], [34, 66], [50, 67]]);
    expect(chunkBars(piece(notes, 9), 4, P).map((c) => c.bars)).toEqual([4, 4]);
  });

  it("keeps the tempo in force at each chunk's first bar", () => {
    const tempos = [{ bar: 0, bpm: 100 }, { bar: 5, bpm: 150 }];
    expect(chunkBars({ tempos, notes, bars: 10 }, 4, P).map((c) => c.tempos[0]!.bpm)).toEqual([100, 100, 150]); // chunks open at bars 0, 4, 8
  });

  it("keeps a piece shorter than one chunk whole, and stops at maxChunks", () => {
    expect(chunkBars(piece(notes.slice(0, 1), 1), 16, P).map((c) => c.bars)).toEqual([1]);
    expect(chunkBars(piece(notes, 10), 2, P, 3)).toHaveLength(3);
  });
});
