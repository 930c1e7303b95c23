import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../generator/src/backend/select-backend.js";
import { createStyleModel, ModelFormatError, type StyleModel } from "../../generator/src/model/index.js";
import { ModelStore, trainingKey } from "./generator-model-store.js";

const pieces = [{ name: "a", tokens: [1, 2, 3] }, { name: "b", tokens: [4, 5] }];

describe("trainingKey", () => {
  it("changes with the recipe, the pieces' names and tokens, and the parent; not with key order", () => {
    const key = trainingKey({ lr: 1e-3, epochs: 2 }, pieces);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(trainingKey({ epochs: 2, lr: 1e-3 }, pieces)).toBe(key);
    expect(trainingKey({ lr: 2e-3, epochs: 2 }, pieces)).not.toBe(key);
    expect(trainingKey({ lr: 1e-3, epochs: 2 }, [pieces[0]!, { name: "b", tokens: [4, 6] }])).not.toBe(key);
    expect(trainingKey({ lr: 1e-3, epochs: 2 }, [pieces[0]!, { name: "c", tokens: [4, 5] }])).not.toBe(key);
    expect(trainingKey({ lr: 1e-3, epochs: 2 }, pieces, "parent")).not.toBe(key);
  });
});

describe("ModelStore", () => {
  let dir: string;
  let model: StyleModel;
  beforeAll(async () => {
    await selectBackend({ log: () => {} });
    dir = mkdtempSync(path.join(os.tmpdir(), "model-store-"));
    model = createStyleModel({ contextLength: 16, dModel: 8, numHeads: 2, numLayers: 1, dFF: 16, styles: ["s"], initSeed: 3 });
  });
  afterAll(() => {
    model.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives back a stored model and its report under the same key, nothing under another", async () => {
    const store = new ModelStore(dir);
    const key = trainingKey({ x: 1 }, pieces);
    expect(await store.load("base", key)).toBeUndefined();
    await store.save("base", key, model, { bestEpoch: 2 });
    const loaded = await store.load<{ bestEpoch: number }>("base", key);
    expect(loaded!.model.hash()).toBe(model.hash());
    expect(loaded!.report).toEqual({ bestEpoch: 2 });
    loaded!.model.dispose();
    expect(await store.load("base", trainingKey({ x: 2 }, pieces))).toBeUndefined();
    expect(await store.load("other", key)).toBeUndefined();
  });

  it("refuses a damaged stored model and a label or key that is not a plain name", async () => {
    const store = new ModelStore(dir);
    const key = trainingKey({ x: 3 }, pieces);
    const at = await store.save("tuned", key, model, {});
    writeFileSync(path.join(at, "weights.bin"), Buffer.alloc(10));
    await expect(store.load("tuned", key)).rejects.toBeInstanceOf(ModelFormatError);
    expect(() => store.pathOf("../x", key)).toThrow(RangeError);
    expect(() => store.pathOf("base", "zz")).toThrow(RangeError);
  });
});
