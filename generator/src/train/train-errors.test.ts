import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { InvalidTokensError } from "../tokenizer/tokenizer-error.js";
import { EmptyCorpusError, InvalidTrainingParametersError, TrainingCancelledError } from "./train-error.js";
import { trainModel } from "./train-model.js";
import { createVocabulary } from "../tokenizer/vocabulary.js";

const v = createVocabulary();
const piece = [v.bos, v.bar, v.positionBase, v.programBase, v.pitchBase + 60, v.velocityBase + 8, v.durationBase + 3, v.eos];
const config = { contextLength: 16, dModel: 8, numHeads: 2, numLayers: 1 };

describe("trainModel on bad input", () => {
  beforeAll(async () => {
    await selectBackend({ log: () => {} });
  });

  it("rejects an empty corpus, and one without notes", async () => {
    await expect(trainModel({ pieces: [], styleId: "a", config })).rejects.toBeInstanceOf(EmptyCorpusError);
    await expect(trainModel({ pieces: [[v.bos, v.eos]], styleId: "a", config })).rejects.toThrow(/no piece holds a note/);
  });

  it("rejects parameters out of their domain", async () => {
    for (const bad of [{ epochs: 0 }, { batchSize: 0 }, { learningRate: -1 }, { dropout: 1 }, { l2: Number.NaN }, { seed: -1 }, { transpositions: [0.5] }, { maxStepsPerEpoch: 0 }]) {
      await expect(trainModel({ pieces: [piece], styleId: "a", config, ...bad })).rejects.toBeInstanceOf(InvalidTrainingParametersError);
    }
    await expect(trainModel({ pieces: [piece], styleId: "", config })).rejects.toBeInstanceOf(InvalidTrainingParametersError);
  });

  it("rejects tokens outside the vocabulary", async () => {
    await expect(trainModel({ pieces: [[...piece.slice(0, -1), 10_000]], styleId: "a", config })).rejects.toBeInstanceOf(InvalidTokensError);
  });

  it("stops when cancelled", async () => {
    const controller = new AbortController();
    const run = trainModel({ pieces: [piece, piece], styleId: "a", config, epochs: 1000, batchSize: 1, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toBeInstanceOf(TrainingCancelledError);
  });
});
