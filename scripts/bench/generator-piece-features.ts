import { tokensToGrid } from "../../generator/src/tokenizer/tokens-to-grid.js";
import type { Vocabulary } from "../../generator/src/tokenizer/vocabulary.js";
import { classifyPiece, trainClassifier, type StyleClassifier, type TrainClassifierOptions } from "./generator-classifier.js";
import { chunkBars, extractFeatures } from "./generator-features.js";

/** The features of a token stream's chunks of `bars` bars (at most `maxChunks`). */
export function pieceChunkFeatures(tokens: readonly number[], vocabulary: Vocabulary, bars: number, maxChunks: number): number[][] {
  const grid = tokensToGrid(tokens, vocabulary);
  return chunkBars(grid, bars, vocabulary.spec.positionsPerBar, maxChunks).map((c) => extractFeatures(c, vocabulary.spec.positionsPerBar));
}

export interface LabelledPieceFeatures {
  name: string;
  label: string;
  chunks: number[][];
}

/** A classifier trained on every chunk of the pieces, each chunk labelled with its piece's label. */
export function trainPieceClassifier(pieces: readonly LabelledPieceFeatures[], options: TrainClassifierOptions = {}): StyleClassifier {
  return trainClassifier(pieces.flatMap((p) => p.chunks.map((features) => ({ features, label: p.label }))), options);
}

/**
 * Leave-one-piece-out accuracy: each piece classified by a classifier trained on the other pieces' chunks (never on
 * chunks of the piece itself, which would flatter the classifier: a piece's chunks resemble each other). Mean of the
 * per-class accuracies, so that a class with many pieces does not dominate.
 */
export function leaveOnePieceOutAccuracy(pieces: readonly LabelledPieceFeatures[], options: TrainClassifierOptions = {}): number {
  const correct = new Map<string, { right: number; total: number }>();
  pieces.forEach((held, i) => {
    const rest = pieces.filter((_, j) => j !== i);
    if (!rest.some((p) => p.label === held.label)) return;
    const model = trainPieceClassifier(rest, options);
    const c = correct.get(held.label) ?? { right: 0, total: 0 };
    c.total++;
    if (classifyPiece(model, held.chunks) === held.label) c.right++;
    correct.set(held.label, c);
  });
  const rates = [...correct.values()].map((c) => c.right / c.total);
  return rates.reduce((s, r) => s + r, 0) / Math.max(1, rates.length);
}
