import * as tf from "@tensorflow/tfjs";
import { bench, describe } from "vitest";
import { selectBackend, type BackendName } from "../backend/select-backend.js";
import { syntheticCorpus } from "../corpus/synthetic-corpus.js";
import { generateTokens } from "../sample/generate-tokens.js";
import { encodeMidi } from "../tokenizer/encode-midi.js";
import { trainModel } from "../train/train-model.js";
import { createStyleModel } from "./style-model.js";

// Training and generation speed of the default (small) model per backend: `npx vitest bench generator/src/model`.
// Each training iteration is 2 steps of 8 windows of 256 tokens; each generation iteration is 256 tokens.
const pieces = syntheticCorpus(1, { pieces: 8, bars: 16 }).map((p) => encodeMidi(p.bytes));

for (const backend of ["wasm", "cpu"] as BackendName[]) {
  describe(`${backend} backend`, async () => {
    await selectBackend({ prefer: backend, log: () => {} });
    const model = createStyleModel({ styles: ["a"] });
    bench(`train: 2 steps x 8 x 256 tokens (${backend})`, async () => {
      await tf.setBackend(backend);
      const { model: trained } = await trainModel({ pieces, styleId: "a", epochs: 1, batchSize: 8, maxStepsPerEpoch: 2 });
      trained.dispose();
    }, { iterations: 2, time: 0 });
    bench(`generate: 256 tokens, KV cache (${backend})`, async () => {
      await tf.setBackend(backend);
      await generateTokens(model, { styleId: "a", maxTokens: 256, seconds: 3600, seed: 1 });
    }, { iterations: 2, time: 0 });
  });
}
