import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { motifCorpus, type MotifNote } from "../corpus/motif-corpus.js";
import { generateTokens } from "../sample/generate-tokens.js";
import { tokensToNoteSequence } from "../tokenizer/decode-tokens.js";
import { encodeMidi } from "../tokenizer/encode-midi.js";
import { trainModel, type TrainProgress } from "./train-model.js";

const motif: MotifNote[] = [
  { pitch: 60, step: 0, steps: 4 },
  { pitch: 64, step: 4, steps: 2 },
  { pitch: 67, step: 6, steps: 2 },
  { pitch: 72, step: 8, steps: 8 },
];
const tiny = { contextLength: 96, dModel: 32, numHeads: 4, numLayers: 1 };

describe("trainModel", () => {
  beforeAll(async () => {
    await selectBackend({ log: () => {} });
  });

  it("learns a toy pattern on wasm: the loss falls and greedy sampling plays the motif back", async () => {
    const pieces = motifCorpus(motif, { pieces: 4, bars: 4, bpm: 120 }).map((p) => encodeMidi(p.bytes));
    const progress: TrainProgress[] = [];
    const result = await trainModel({ pieces, styleId: "toy", config: tiny, epochs: 50, batchSize: 8, learningRate: 1e-2, dropout: 0, seed: 1, onProgress: (p) => progress.push(p) });
    expect(result.backend).toBe("wasm");
    const losses = result.epochs.map((e) => e.trainLoss);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! / 10);
    expect(progress.filter((p) => p.kind === "epoch")).toHaveLength(50);
    expect(progress.some((p) => p.kind === "step" && p.tokensPerSecond > 0)).toBe(true);

    const generated = await generateTokens(result.model, { styleId: "toy", seconds: 8, temperature: 0 });
    const bar = 2; // seconds per bar at 120 BPM
    const expected = [0, 1, 2, 3].flatMap((b) => motif.map((n) => [n.pitch, b * bar + (n.step / 16) * bar, (n.steps / 16) * bar]));
    const notes = tokensToNoteSequence(generated.tokens, result.model.vocabulary).notes.map((n) => [n.pitch, n.startSeconds, n.durationSeconds]);
    expect(notes).toHaveLength(expected.length);
    notes.forEach((n, i) => {
      expect(n[0]).toBe(expected[i]![0]);
      expect(n[1]).toBeCloseTo(expected[i]![1]!, 1);
      expect(n[2]).toBeCloseTo(expected[i]![2]!, 1);
    });
    result.model.dispose();
  });

  it("leaks no tensors, with validation and transposition augmentation on", async () => {
    const pieces = motifCorpus(motif, { pieces: 3, bars: 2 }).map((p) => encodeMidi(p.bytes));
    const before = tf.memory().numTensors;
    const { model, epochs } = await trainModel({
      pieces: pieces.slice(0, 2), validationPieces: pieces.slice(2), styleId: "toy", config: { ...tiny, contextLength: 24 },
      epochs: 2, batchSize: 2, transpositions: [-2, 0, 2], l2: 1e-3, seed: 1,
    });
    expect(epochs.every((e) => Number.isFinite(e.validationPerplexity!))).toBe(true);
    expect(tf.memory().numTensors).toBe(before + model.layout.length);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("is deterministic in its seed", async () => {
    const pieces = motifCorpus(motif, { pieces: 2, bars: 2 }).map((p) => encodeMidi(p.bytes));
    const run = async (seed: number): Promise<string> => {
      const { model } = await trainModel({ pieces, styleId: "toy", config: { ...tiny, contextLength: 24 }, epochs: 2, batchSize: 2, seed });
      const hash = model.hash();
      model.dispose();
      return hash;
    };
    const a = await run(3);
    expect(await run(3)).toBe(a);
    expect(await run(4)).not.toBe(a);
  });
});
