import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { syntheticCorpus } from "../corpus/synthetic-corpus.js";
import { loadStyleModel } from "../model/load-style-model.js";
import { UnknownStyleError } from "../model/model-error.js";
import { saveStyleModel } from "../model/save-style-model.js";
import { createStyleModel, type StyleModel } from "../model/style-model.js";
import { decodeTokens, tokensDurationSeconds, tokensToNoteSequence } from "../tokenizer/decode-tokens.js";
import { encodeMidi } from "../tokenizer/encode-midi.js";
import { firstBars } from "../tokenizer/first-bars.js";
import { InvalidTokensError } from "../tokenizer/tokenizer-error.js";
import { generateTokens, type GenerateTokensProgress } from "./generate-tokens.js";
import { GenerationCancelledError, InvalidSamplingParametersError } from "./sample-error.js";

// Untrained weights: sampling's contract (grammar, lengths, determinism) does not depend on what the model learned,
// and a random model explores far more of the grammar than a trained one.
describe("generateTokens", () => {
  let model: StyleModel;
  beforeAll(async () => {
    await selectBackend({ log: () => {} });
    model = createStyleModel({ contextLength: 32, dModel: 16, numHeads: 2, numLayers: 1, styles: ["a", "b"], initSeed: 4 });
  });
  afterAll(() => model.dispose());

  it("gives the same tokens for the same model, seed and parameters, and others for another seed", async () => {
    const params = { styleId: "b", maxTokens: 120, temperature: 1.2, topK: 40, topP: 0.95 };
    const a = await generateTokens(model, { ...params, seed: 7 });
    const b = await generateTokens(model, { ...params, seed: 7 });
    const c = await generateTokens(model, { ...params, seed: 8 });
    expect(b.tokens).toEqual(a.tokens);
    expect(c.tokens).not.toEqual(a.tokens);
    expect(a.tokens.slice(0, 2)).toEqual([model.vocabulary.bos, model.vocabulary.styleBase + 1]);
    expect(a.parameters).toEqual({ temperature: 1.2, topK: 40, topP: 0.95, beamWidth: 1, seed: 7 });
  });

  it("gives the same tokens from a saved and reloaded model (same model hash)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "soundmark-sample-"));
    try {
      await saveStyleModel(model, dir);
      const loaded = await loadStyleModel(dir);
      expect(loaded.hash()).toBe(model.hash());
      const params = { styleId: "a", seconds: 4, seed: 11, temperature: 0.9, topP: 0.9 };
      expect((await generateTokens(loaded, params)).tokens).toEqual((await generateTokens(model, params)).tokens);
      loaded.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("always decodes to valid MIDI, whatever the sampling parameters (the grammar mask), and leaks no tensors", async () => {
    const tensors = tf.memory().numTensors;
    for (const [i, params] of [
      { temperature: 3 },
      { temperature: 0 },
      { topK: 1 },
      { topP: 0.01 },
      { temperature: 1, topK: 5, topP: 0.5 },
      { beamWidth: 3 },
    ].entries()) {
      const out = await generateTokens(model, { styleId: "a", maxTokens: 90, seed: i, ...params });
      expect(out.tokens[out.tokens.length - 1]).toBe(model.vocabulary.eos);
      expect(decodeTokens(out.tokens, model.vocabulary).length).toBeGreaterThan(14);
    }
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it("slides past the context with the KV cache rebuilt, and still decodes", async () => {
    const out = await generateTokens(model, { styleId: "a", maxTokens: 200, seed: 3, temperature: 1.5 });
    expect(out.tokens.length).toBeGreaterThan(model.config.contextLength * 3);
    expect(() => decodeTokens(out.tokens, model.vocabulary)).not.toThrow();
  });

  it("stops at the first bar line past the requested seconds", async () => {
    const progress: GenerateTokensProgress[] = [];
    const out = await generateTokens(model, { styleId: "a", seconds: 6, seed: 1, temperature: 0.8, onProgress: (p) => progress.push(p), progressEvery: 8 });
    expect(out.stoppedBy).toBe("seconds");
    const seconds = tokensDurationSeconds(out.tokens, model.vocabulary);
    expect(out.seconds).toBeCloseTo(seconds, 9);
    expect(seconds).toBeGreaterThanOrEqual(6);
    const withoutLastBar = out.tokens.lastIndexOf(model.vocabulary.bar);
    expect(tokensDurationSeconds([...out.tokens.slice(0, withoutLastBar), model.vocabulary.eos], model.vocabulary)).toBeLessThan(6);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[progress.length - 1]!.fraction).toBe(1);
    expect(progress.every((p, i) => i === 0 || p.tokens >= progress[i - 1]!.tokens)).toBe(true);
  });

  it("cuts at the last complete note when the token budget runs out", async () => {
    const out = await generateTokens(model, { styleId: "a", maxTokens: 37, seed: 2, temperature: 2 });
    expect(out.stoppedBy).toBe("maxTokens");
    expect(out.tokens.length).toBeLessThanOrEqual(2 + 37 + 1);
    expect(() => tokensToNoteSequence(out.tokens, model.vocabulary)).not.toThrow();
  });

  it("continues a seed prompt of the artist's first bars", async () => {
    const piece = encodeMidi(syntheticCorpus(2, { pieces: 1, bars: 4 })[0]!.bytes);
    const prompt = firstBars(piece, 2, model.vocabulary);
    const out = await generateTokens(model, { styleId: "a", prompt, seconds: 12, seed: 5 });
    expect(out.tokens.slice(2, out.promptLength)).toEqual(prompt.slice(1));
    const promptNotes = tokensToNoteSequence(prompt, model.vocabulary).notes;
    expect(tokensToNoteSequence(out.tokens, model.vocabulary).notes.slice(0, promptNotes.length)).toEqual(promptNotes);
  });

  it("runs a deterministic beam search that ignores the seed", async () => {
    const a = await generateTokens(model, { styleId: "a", maxTokens: 40, beamWidth: 4, seed: 1 });
    const b = await generateTokens(model, { styleId: "a", maxTokens: 40, beamWidth: 4, seed: 2 });
    expect(b.tokens).toEqual(a.tokens);
    expect(() => decodeTokens(a.tokens, model.vocabulary)).not.toThrow();
  });

  it("rejects bad requests with clear errors", async () => {
    await expect(generateTokens(model, { styleId: "nobody", maxTokens: 5 })).rejects.toBeInstanceOf(UnknownStyleError);
    for (const bad of [{ seconds: 0 }, { seconds: 1e9 }, { maxTokens: 0 }, { maxTokens: 1e12 }, { temperature: -1 }, { topP: 0 }, { topK: 1.5 }, { beamWidth: 0 }, { seed: -3 }]) {
      await expect(generateTokens(model, { styleId: "a", ...bad })).rejects.toBeInstanceOf(InvalidSamplingParametersError);
    }
    const v = model.vocabulary;
    await expect(generateTokens(model, { styleId: "a", prompt: [v.bar, v.pitchBase + 60] })).rejects.toBeInstanceOf(InvalidTokensError);
    await expect(generateTokens(model, { styleId: "a", prompt: [v.bar, v.positionBase, v.programBase, v.pitchBase] })).rejects.toThrow(/inside a note/);
  });

  it("stops when cancelled", async () => {
    const controller = new AbortController();
    const run = generateTokens(model, { styleId: "a", maxTokens: 1000, signal: controller.signal, progressEvery: 4, onProgress: () => controller.abort() });
    await expect(run).rejects.toBeInstanceOf(GenerationCancelledError);
  });
});
