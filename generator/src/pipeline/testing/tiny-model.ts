import { syntheticCorpus } from "../../corpus/synthetic-corpus.js";
import { saveStyleModel } from "../../model/save-style-model.js";
import { encodeMidi } from "../../tokenizer/encode-midi.js";
import { trainModel } from "../../train/train-model.js";
import { ensureBackend } from "../ensure-backend.js";

/**
 * Trains a deliberately tiny style model on a synthetic corpus (a few seconds on the wasm backend) and saves it to
 * `dir`: the real model, trainer and file format, small enough for unit tests of what comes after them.
 */
export async function trainTinyModel(dir: string, styleId = "tiny-style"): Promise<{ modelHash: string }> {
  await ensureBackend();
  const pieces = syntheticCorpus(3, { pieces: 4, bars: 4 }).map((piece) => encodeMidi(piece.bytes));
  const { model } = await trainModel({
    pieces,
    styleId,
    config: { contextLength: 64, dModel: 32, numHeads: 2, numLayers: 1, dFF: 64 },
    epochs: 1,
    maxStepsPerEpoch: 4,
    batchSize: 4,
    seed: 1,
  });
  try {
    const { modelHash } = await saveStyleModel(model, dir);
    return { modelHash };
  } finally {
    model.dispose();
  }
}
