import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { disposeKvCache, type KvCache } from "./kv-cache.js";
import { createStyleModel, type StyleModel } from "./style-model.js";

describe("Transformer", () => {
  let model: StyleModel;
  beforeAll(async () => {
    await selectBackend({ log: () => {} });
    model = createStyleModel({ contextLength: 32, dModel: 32, numHeads: 4, numLayers: 2, styles: ["a", "b"], initSeed: 3 });
  });
  afterAll(() => model.dispose());

  const tokens = [1, 5, 3, 80, 90, 200, 250, 300, 12, 3, 77];

  it("gives the same logits decoding token by token with the KV cache as in one full pass", () => {
    const full = tf.tidy(() =>
      model.transformer.forward(tf.tensor2d([tokens], undefined, "int32"), tf.tensor1d([1], "int32")).logits.arraySync()[0]!,
    );
    let cache: KvCache | undefined;
    const stepwise: number[][] = [];
    for (const token of tokens) {
      const result = tf.tidy(() => {
        const r = model.transformer.forward(tf.tensor2d([[token]], undefined, "int32"), tf.tensor1d([1], "int32"), { cache, returnCache: true, lastOnly: true });
        return { logits: r.logits, keys: r.cache!.keys, values: r.cache!.values };
      });
      disposeKvCache(cache);
      cache = { keys: result.keys, values: result.values, length: (cache?.length ?? 0) + 1 };
      stepwise.push(Array.from(result.logits.dataSync()));
      result.logits.dispose();
    }
    expect(cache!.keys[0]!.shape).toEqual([1, 4, tokens.length, 8]);
    disposeKvCache(cache);
    for (let t = 0; t < tokens.length; t++) {
      const maxDiff = Math.max(...full[t]!.map((x, i) => Math.abs(x - stepwise[t]![i]!)));
      expect(maxDiff).toBeLessThan(1e-4);
    }
  });

  it("is causal: a later token does not change earlier logits", () => {
    const [a, b] = tf.tidy(() => {
      const styles = tf.tensor1d([0, 0], "int32");
      const changed = [...tokens.slice(0, -1), 9];
      const logits = model.transformer.forward(tf.tensor2d([tokens, changed], undefined, "int32"), styles).logits;
      return [logits.slice([0, 0, 0], [1, tokens.length - 1, -1]).arraySync(), logits.slice([1, 0, 0], [1, tokens.length - 1, -1]).arraySync()];
    });
    expect(a).toEqual(b);
  });

  it("conditions on the style embedding", () => {
    const [a, b] = tf.tidy(() => {
      const input = tf.tensor2d([tokens, tokens], undefined, "int32");
      const logits = model.transformer.forward(input, tf.tensor1d([0, 1], "int32")).logits;
      return [logits.slice([0, 0, 0], [1, -1, -1]).dataSync(), logits.slice([1, 0, 0], [1, -1, -1]).dataSync()];
    });
    expect(Array.from(a!)).not.toEqual(Array.from(b!));
  });

  it("trains on the wasm backend: every parameter, embeddings included, gets a finite non-zero gradient", () => {
    expect(tf.getBackend()).toBe("wasm");
    const names = [...model.transformer.variables.keys()];
    const { value, grads } = tf.tidy(() =>
      tf.variableGrads(() => {
        const logits = model.transformer.forward(tf.tensor2d([tokens.slice(0, -1)], undefined, "int32"), tf.tensor1d([0], "int32"), { dropout: 0.1, dropoutSeed: 1 }).logits;
        const targets = tf.oneHot(tf.tensor1d(tokens.slice(1), "int32"), model.vocabulary.size).toFloat().reshape(logits.shape);
        return tf.logSoftmax(logits).mul(targets).sum().neg().div(tokens.length - 1) as tf.Scalar;
      }),
    );
    expect(Number.isFinite(value.dataSync()[0]!)).toBe(true);
    for (const name of names) {
      const g = grads[model.transformer.variables.get(name)!.name]!;
      const data = g.dataSync();
      expect(data.every(Number.isFinite), name).toBe(true);
      if (!name.startsWith("embedding/style")) expect(data.some((x) => x !== 0), name).toBe(true);
    }
    tf.dispose([value, ...Object.values(grads)]);
  });

  it("refuses more positions than its context", () => {
    expect(() => tf.tidy(() => model.transformer.forward(tf.zeros([1, 33], "int32") as tf.Tensor2D, tf.tensor1d([0], "int32")).logits)).toThrow(RangeError);
  });
});
