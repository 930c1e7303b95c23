import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import type { GridNote } from "../../generator/src/tokenizer/grid-piece.js";
import { gridToTokens } from "../../generator/src/tokenizer/grid-to-tokens.js";
import { createVocabulary } from "../../generator/src/tokenizer/index.js";
import { classifyPiece } from "./generator-classifier.js";
import { leaveOnePieceOutAccuracy, pieceChunkFeatures, trainPieceClassifier, type LabelledPieceFeatures } from "./generator-piece-features.js";

const v = createVocabulary();
const P = v.spec.positionsPerBar;

/** A random piece of `bars` bars: "low" plays bass notes on beats, "high" plays sixteenths high up with drums. */
function randomPiece(kind: "low" | "high", bars: number, random: SeededRandom): number[] {
  const notes: GridNote[] = [];
  for (let bar = 0; bar < bars; bar++) {
    if (kind === "low") for (let beat = 0; beat < 4; beat++) notes.push({ step: bar * P + beat * 4, pitch: 36 + random.int(0, 12), durationSteps: 4, velocity: 64, program: 33, isDrum: false });
    else for (let s = 0; s < P; s += 2) notes.push({ step: bar * P + s, pitch: 72 + random.int(0, 12), durationSteps: 1, velocity: 110, program: 80, isDrum: false });
  }
  return gridToTokens({ tempos: [{ bar: 0, bpm: 120 }], notes, bars }, v);
}

describe("piece features and the piece classifier", () => {
  const random = new SeededRandom(5);
  const pieces: LabelledPieceFeatures[] = (["low", "high"] as const).flatMap((kind) =>
    Array.from({ length: 3 }, (_, i) => ({ name: `${kind}${i}`, label: kind, chunks: pieceChunkFeatures(randomPiece(kind, 20, random), v, 8, 10) })));

  it("cuts a token stream into chunks of features", () => {
    expect(pieces[0]!.chunks).toHaveLength(3); // 8 + 8 + 4 bars
    expect(pieceChunkFeatures(randomPiece("low", 20, random), v, 8, 2)).toHaveLength(2);
  });

  it("classifies unseen pieces of separable styles, and leave-one-piece-out sees that", () => {
    const model = trainPieceClassifier(pieces, { l2: 0.1 });
    expect(classifyPiece(model, pieceChunkFeatures(randomPiece("high", 16, random), v, 8, 10))).toBe("high");
    expect(classifyPiece(model, pieceChunkFeatures(randomPiece("low", 16, random), v, 8, 10))).toBe("low");
    expect(leaveOnePieceOutAccuracy(pieces, { l2: 0.1 })).toBe(1);
  });

  it("scores a class with no other piece to learn from as unscorable, and random labels near chance", () => {
    expect(leaveOnePieceOutAccuracy([pieces[0]!, pieces[3]!, pieces[4]!], { l2: 0.1 })).toBe(1); // only "high" is scored
    const shuffled = pieces.map((p, i) => ({ ...p, label: i % 2 === 0 ? "x" : "y" }));
    expect(leaveOnePieceOutAccuracy(shuffled, { l2: 0.1 })).toBeLessThan(1);
  });
});
