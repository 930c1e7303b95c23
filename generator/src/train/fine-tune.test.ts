import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { syntheticCorpus } from "../corpus/synthetic-corpus.js";
import { encodeMidi } from "../tokenizer/encode-midi.js";
import { evaluatePerplexity } from "./evaluate-perplexity.js";
import { trainModel } from "./train-model.js";

const shape = { contextLength: 64, dModel: 32, numHeads: 4, numLayers: 1 };
const tokensOf = (seed: number, pieces: number) => syntheticCorpus(seed, { pieces, bars: 4 }).map((p) => encodeMidi(p.bytes));

describe("fine-tuning", () => {
  beforeAll(async () => {
    await selectBackend({ log: () => {} });
  });

  it("fine-tunes a copy of the base on one artist: held-out perplexity falls below the base's, the base is untouched", async () => {
    const general = [...tokensOf(10, 3), ...tokensOf(11, 3)];
    const base = await trainModel({ pieces: general, styleId: "general", config: shape, epochs: 3, batchSize: 8, learningRate: 5e-3, seed: 1 });
    const baseHash = base.model.hash();
    const artist = tokensOf(12, 6);
    const heldOut = artist.slice(4);
    const basePerplexity = evaluatePerplexity(base.model, heldOut, "general").perplexity;

    const tuned = await trainModel({
      pieces: artist.slice(0, 4), validationPieces: heldOut, styleId: "artist", base: base.model,
      epochs: 4, batchSize: 8, learningRate: 5e-3, l2: 1e-4, dropout: 0.1, earlyStoppingPatience: 2, seed: 2,
    });
    expect(base.model.hash()).toBe(baseHash);
    expect(tuned.model.styles).toEqual(["general", "artist"]);
    expect(tuned.model.hash()).not.toBe(baseHash);
    expect(tuned.initialValidationLoss).toBeGreaterThan(Math.min(...tuned.epochs.map((e) => e.validationLoss!)));
    for (const e of tuned.epochs) {
      expect(e.validationPerplexity).toBeCloseTo(Math.exp(e.validationLoss!), 6);
      expect(e.trainPerplexity).toBeGreaterThan(1);
    }
    // The model holds the best epoch's weights, and its held-out perplexity is that epoch's.
    const best = tuned.epochs[tuned.bestEpoch - 1]!;
    expect(Math.min(...tuned.epochs.map((e) => e.validationLoss!))).toBe(best.validationLoss);
    const now = evaluatePerplexity(tuned.model, heldOut, "artist");
    expect(now.loss).toBeCloseTo(best.validationLoss!, 4);
    expect(now.perplexity).toBeLessThan(basePerplexity);
    base.model.dispose();
    tuned.model.dispose();
  });

  it("counts the base weights as epoch 0: a fine-tune that only hurts the validation pieces returns the base unchanged", async () => {
    const base = await trainModel({ pieces: [...tokensOf(10, 3), ...tokensOf(11, 3)], styleId: "general", config: shape, epochs: 3, batchSize: 8, learningRate: 5e-3, seed: 1 });
    const validation = tokensOf(41, 3);
    const before = evaluatePerplexity(base.model, validation, "general");
    // A huge learning rate on two pieces of another corpus, no dropout, no L2: every epoch is worse than the start.
    const tuned = await trainModel({
      pieces: tokensOf(40, 2), validationPieces: validation, styleId: "general", base: base.model,
      epochs: 6, batchSize: 4, learningRate: 5e-2, dropout: 0, earlyStoppingPatience: 2, seed: 9,
    });
    expect(tuned.initialValidationLoss).toBeCloseTo(before.loss, 5);
    expect(Math.min(...tuned.epochs.map((e) => e.validationLoss!))).toBeGreaterThan(before.loss);
    expect(tuned.bestEpoch).toBe(0);
    expect(tuned.stoppedEarly).toBe(true);
    expect(tuned.epochs.length).toBe(2);
    expect(tuned.model.hash()).toBe(base.model.hash());
    expect(evaluatePerplexity(tuned.model, validation, "general").loss).toBeCloseTo(before.loss, 5);
    base.model.dispose();
    tuned.model.dispose();
  });

  it("pretrains on several artists at once, each piece under its own style token", async () => {
    const pieces = [...tokensOf(30, 3).map((tokens) => ({ tokens, styleId: "x" })), ...tokensOf(31, 3).map((tokens) => ({ tokens, styleId: "y" })), ...tokensOf(32, 2)];
    const validationPieces = [{ tokens: tokensOf(30, 4)[3]!, styleId: "x" }, { tokens: tokensOf(31, 4)[3]!, styleId: "y" }];
    const result = await trainModel({ pieces, validationPieces, styleId: "other", config: shape, epochs: 2, batchSize: 8, seed: 3 });
    expect(result.model.styles).toEqual(["other", "x", "y"]);
    const x = evaluatePerplexity(result.model, [validationPieces[0]!.tokens], "x");
    const y = evaluatePerplexity(result.model, [validationPieces[1]!.tokens], "y");
    const combined = (x.loss * x.tokens + y.loss * y.tokens) / (x.tokens + y.tokens);
    expect(result.epochs[result.bestEpoch - 1]!.validationLoss).toBeCloseTo(combined, 4);
    result.model.dispose();
  });

  it("stops early when the held-out loss stops improving, and restores the best epoch", async () => {
    // Held-out pieces of another style: memorising two pieces soon makes them worse.
    const result = await trainModel({
      pieces: tokensOf(20, 2), validationPieces: tokensOf(21, 2), styleId: "a", config: shape,
      epochs: 40, batchSize: 4, learningRate: 2e-2, dropout: 0, earlyStoppingPatience: 2, seed: 5,
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.epochs.length).toBe(result.bestEpoch + 2);
    const held = evaluatePerplexity(result.model, tokensOf(21, 2), "a");
    expect(held.loss).toBeCloseTo(result.epochs[result.bestEpoch - 1]!.validationLoss!, 4);
    result.model.dispose();
  });
});
