import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { countParameters, largeModelShape, resolveModelConfig } from "./model-config.js";
import { InvalidModelConfigError } from "./model-error.js";
import { createStyleModel } from "./style-model.js";

describe("model configs", () => {
  beforeAll(async () => {
    await selectBackend({ log: () => {} });
  });

  it("builds the article's 8-head, d_model 512 configuration with the GPT-2 parameter count", () => {
    const model = createStyleModel({ ...largeModelShape, styles: ["a"] });
    const { dModel: d, numLayers: layers, contextLength } = largeModelShape;
    const vocabulary = model.vocabulary.size;
    // 12 d^2 + 13 d per block (4d MLP), token + position + style embeddings, final LayerNorm, output bias (tied head).
    const expected = layers * (12 * d * d + 13 * d) + (vocabulary + contextLength + 32) * d + 2 * d + vocabulary;
    expect(model.parameterCount).toBe(expected);
    expect(countParameters(model.config)).toBe(expected);
    expect(model.parameterCount).toBeGreaterThan(19_000_000);
    expect(model.config.numHeads).toBe(8);
    const shape = tf.tidy(() => model.transformer.forward(tf.tensor2d([[1, 2]], undefined, "int32"), tf.tensor1d([0], "int32")).logits.shape);
    expect(shape).toEqual([1, 2, vocabulary]);
    model.dispose();
  });

  it("counts an untied head", () => {
    const tied = resolveModelConfig({ dModel: 16, numHeads: 2, numLayers: 1 });
    const untied = resolveModelConfig({ dModel: 16, numHeads: 2, numLayers: 1, tiedEmbeddings: false });
    expect(countParameters(untied) - countParameters(tied)).toBe(16 * 377);
  });

  it("rejects configs it cannot build", () => {
    expect(() => resolveModelConfig({ dModel: 30, numHeads: 4 })).toThrow(InvalidModelConfigError);
    expect(() => resolveModelConfig({ contextLength: 0 })).toThrow(/contextLength/);
    expect(() => resolveModelConfig({ styles: ["a", "a"] })).toThrow(/duplicate/);
    expect(() => resolveModelConfig({ styles: Array.from({ length: 33 }, (_, i) => `s${i}`) })).toThrow(/exceed/);
    expect(() => resolveModelConfig({ numLayers: 1.5 })).toThrow(/numLayers/);
  });
});
