import path from "node:path";
import { syntheticCorpus } from "../../../generator/src/corpus/synthetic-corpus.js";
import { saveStyleModel } from "../../../generator/src/model/save-style-model.js";
import { ensureBackend } from "../../../generator/src/pipeline/ensure-backend.js";
import { encodeMidi } from "../../../generator/src/tokenizer/encode-midi.js";
import { trainModel } from "../../../generator/src/train/train-model.js";

export interface TrainedStyleModel {
  /** The model's folder name under the generator's models folder: what a job names. */
  name: string;
  modelHash: string;
  styleToken: string;
  pieces: number;
  trainLoss: number;
  backend: string;
  seconds: number;
}

export interface TrainStyleModelParameters {
  modelsDir: string;
  /** The on-chain style the model learns (its style token is `style-<id>`). */
  styleId: string;
  /** Which synthetic artist the corpus imitates (syntheticStyle: an even seed has drums). */
  corpusSeed?: number;
  epochs?: number;
  log?: (line: string) => void;
}

/**
 * Trains a small style model on a corpus generated for the artist (generator/src/corpus: melody, bass and drums in
 * one scale, tempo and rhythm) and saves it into the generator's models folder. Kept small (2 layers of 64, a few
 * dozen steps) so the demo trains it in well under a minute on two cores: the real trainer and model format.
 */
export async function trainStyleModel({ modelsDir, styleId, corpusSeed = 4, epochs = 2, log = () => {} }: TrainStyleModelParameters): Promise<TrainedStyleModel> {
  const started = Date.now();
  const backend = await ensureBackend();
  const corpus = syntheticCorpus(corpusSeed, { pieces: 12, bars: 8 });
  const pieces = corpus.map((piece) => encodeMidi(piece.bytes));
  const styleToken = `style-${styleId}`;
  const { model, epochs: metrics } = await trainModel({
    pieces,
    styleId: styleToken,
    config: { contextLength: 128, dModel: 64, numHeads: 2, numLayers: 2, dFF: 128 },
    epochs,
    maxStepsPerEpoch: 24,
    batchSize: 8,
    learningRate: 3e-3,
    seed: corpusSeed,
    onProgress: (p) => {
      if (p.kind === "epoch") log(`epoch ${p.epoch}/${p.epochs}: train loss ${p.metrics.trainLoss.toFixed(3)} (${p.metrics.steps} steps)`);
    },
  });
  try {
    const name = `demo-style-${styleId}`;
    const { modelHash } = await saveStyleModel(model, path.join(modelsDir, name), {
      metadata: { style: styleToken, corpus: `syntheticCorpus(${corpusSeed})`, epochs: metrics },
    });
    return {
      name,
      modelHash,
      styleToken,
      pieces: corpus.length,
      trainLoss: metrics.at(-1)?.trainLoss ?? Number.NaN,
      backend,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}
