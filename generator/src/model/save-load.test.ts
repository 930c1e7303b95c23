import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { loadStyleModel, loadStyleModelWithMetadata } from "./load-style-model.js";
import { ModelFormatError } from "./model-error.js";
import { CONFIG_JSON, MODEL_JSON, WEIGHTS_BIN } from "./model-files.js";
import { saveStyleModel } from "./save-style-model.js";
import { createStyleModel, type StyleModel } from "./style-model.js";

describe("saveStyleModel / loadStyleModel", () => {
  let dir: string;
  let model: StyleModel;
  beforeAll(async () => {
    await selectBackend({ log: () => {} });
    dir = await mkdtemp(path.join(tmpdir(), "soundmark-model-"));
    model = createStyleModel({ contextLength: 16, dModel: 16, numHeads: 2, numLayers: 2, styles: ["x", "y"], initSeed: 9, tiedEmbeddings: false });
  });
  afterAll(async () => {
    model.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const logitsOf = (m: StyleModel): number[] =>
    tf.tidy(() => Array.from(m.transformer.forward(tf.tensor2d([[1, 5, 3, 200]], undefined, "int32"), tf.tensor1d([1], "int32")).logits.dataSync()));

  it("round-trips the tfjs layout with the same hash, weights and outputs", async () => {
    const target = path.join(dir, "ok");
    const saved = await saveStyleModel(model, target, { metadata: { epochs: 3 } });
    expect(saved.modelHash).toMatch(/^[0-9a-f]{64}$/);
    const modelJson = JSON.parse(await readFile(path.join(target, MODEL_JSON), "utf8"));
    expect(modelJson.weightsManifest[0].paths).toEqual([WEIGHTS_BIN]);
    expect(modelJson.weightsManifest[0].weights).toHaveLength(model.layout.length);
    // tfjs's own weight decoder reads the shard with the manifest: the files are the tfjs artifacts layout.
    const bin = await readFile(path.join(target, WEIGHTS_BIN));
    const decoded = tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), modelJson.weightsManifest[0].weights);
    const weights = model.readWeights();
    for (const spec of model.layout) expect(decoded[spec.name]!.dataSync()).toEqual(weights.get(spec.name));
    tf.dispose(Object.values(decoded));
    const config = JSON.parse(await readFile(path.join(target, CONFIG_JSON), "utf8"));
    expect(config.modelHash).toBe(saved.modelHash);
    expect(config.config.styles).toEqual(["x", "y"]);

    const { model: loaded, metadata } = await loadStyleModelWithMetadata(target);
    expect(metadata).toEqual({ epochs: 3 });
    expect(loaded.hash()).toBe(saved.modelHash);
    expect(loaded.hash()).toBe(model.hash());
    expect(logitsOf(loaded)).toEqual(logitsOf(model));
    // Saving the loaded model again gives the same bytes.
    await saveStyleModel(loaded, path.join(dir, "again"));
    expect(await readFile(path.join(dir, "again", WEIGHTS_BIN))).toEqual(await readFile(path.join(target, WEIGHTS_BIN)));
    loaded.dispose();
  });

  it("hashes every weight and every config field", () => {
    const a = createStyleModel({ contextLength: 16, dModel: 16, numHeads: 2, numLayers: 1, styles: ["x"], initSeed: 1 });
    const b = createStyleModel({ contextLength: 16, dModel: 16, numHeads: 2, numLayers: 1, styles: ["x"], initSeed: 1 });
    expect(a.hash()).toBe(b.hash());
    const weights = b.readWeights();
    weights.get("block0/mlp/output/bias")![3]! += 1e-6;
    b.writeWeights(weights);
    expect(b.hash()).not.toBe(a.hash());
    const c = createStyleModel({ contextLength: 16, dModel: 16, numHeads: 2, numLayers: 1, styles: ["z"], initSeed: 1 });
    expect(c.hash()).not.toBe(a.hash());
    for (const m of [a, b, c]) m.dispose();
  });

  it("refuses damaged directories with ModelFormatError", async () => {
    const target = path.join(dir, "damaged");
    await saveStyleModel(model, target);
    const weights = await readFile(path.join(target, WEIGHTS_BIN));

    const flipped = Buffer.from(weights);
    flipped[100]! ^= 0x01;
    await writeFile(path.join(target, WEIGHTS_BIN), flipped);
    await expect(loadStyleModel(target)).rejects.toThrow(/model hash/);

    await writeFile(path.join(target, WEIGHTS_BIN), weights.subarray(0, weights.length - 4));
    await expect(loadStyleModel(target)).rejects.toThrow(/truncated/);

    const nan = Buffer.from(weights);
    nan.writeFloatLE(Number.NaN, 0);
    await writeFile(path.join(target, WEIGHTS_BIN), nan);
    await expect(loadStyleModel(target)).rejects.toThrow(/non-finite/);

    await writeFile(path.join(target, WEIGHTS_BIN), weights);
    const config = JSON.parse(await readFile(path.join(target, CONFIG_JSON), "utf8"));
    await writeFile(path.join(target, CONFIG_JSON), JSON.stringify({ ...config, config: { ...config.config, numHeads: 3 } }));
    await expect(loadStyleModel(target)).rejects.toThrow(/numHeads/);

    await writeFile(path.join(target, CONFIG_JSON), "{ not json");
    await expect(loadStyleModel(target)).rejects.toBeInstanceOf(ModelFormatError);
    await expect(loadStyleModel(path.join(dir, "missing"))).rejects.toThrow(/cannot read config.json/);
  });
});
