import type { TrainingSettings } from "./generator-training.js";

/**
 * The bench's settings. Every choice below that is not a size was made on the VALIDATION pieces or on generation
 * seeds disjoint from the reported ones (scripts/bench/generator-tune.ts), never on the held-out pieces.
 */
export interface BenchSettings extends TrainingSettings {
  heldOutFraction: number;
  validationFraction: number;
  minPieces: number;
  generatedPerArtist: number;
  generatedSeconds: number;
  sampling: { temperature: number; topP: number; topK?: number };
  /** Bars of a TRAINING piece of the artist given as the seed prompt (0 = none); the prompt is not scored. */
  promptBars: number;
  chunkBars: number;
  maxChunksPerPiece: number;
  windowBars: number;
  renderSeconds: number;
  trackSeconds: number;
}

/**
 * How the tuned settings were chosen (written into the JSON). Sampling: generator-tune.ts sampling, seed 1, 6 then 12
 * pieces per artist on generation seeds 15000+ (the reported run uses 10000..10399), classifier as in the bench.
 */
export const SELECTION = {
  split: "per style: held-out pieces first (unchanged), then 15% of the rest as validation pieces (at least one); nothing is trained on validation or held-out pieces",
  earlyStopping: "validation pieces (pretraining: all artists' validation pieces; fine-tuning: the artist's, with the base weights as epoch 0)",
  fineTune:
    "planetblupi on its validation piece, epoch 0 (base) 17.12 vs best fine-tuned epoch: lr 3e-4 17.37, lr 1e-4 (6 epochs) 17.29, lr 3e-4 with transpositions -3..3 17.42: no recipe beat the base, so the recipe stays lr 3e-4, L2-SP 1e-3 and planetblupi keeps the base weights",
  sampling:
    "mean attribution over 4 artists on validation seeds (6 per artist): T1/p0.95 no prompt 0.67, T0.9/p0.95 0.71, T0.8/p0.9 0.79, T1/p0.95 2-bar prompt 0.88, T0.9/p0.95 2 bars 0.92, T0.8/p0.9 2 bars 0.92, T0.9/p0.95 4 bars 0.83; tie broken with 12 per artist: T0.8/p0.9 no prompt 0.79, T1/p0.95 2 bars 0.79, T0.9/p0.95 2 bars 0.875, T0.8/p0.9 2 bars 0.896 (chosen)",
  prompts: "2 bars of one of the artist's TRAINING pieces, drawn with the piece's seed; the prompt is cut off before scoring (attribution, originality and fingerprints see only the bars the model wrote)",
} as const;

/** Sized for about 20 minutes on 2 free cores with the wasm backend (measured: ~2,000 training tokens/s). */
export function benchSettings(options: { quick: boolean; epochs?: number }): BenchSettings {
  const { quick, epochs } = options;
  return {
    pretrainEpochs: epochs ?? (quick ? 1 : 4),
    pretrainStepsPerEpoch: quick ? 6 : 50,
    fineTuneEpochs: epochs ?? (quick ? 2 : 6),
    fineTuneStepsPerEpoch: quick ? 3 : 10,
    batchSize: 16,
    fineTuneLearningRate: 3e-4,
    l2: 1e-3,
    dropout: 0.1,
    patience: 2,
    heldOutFraction: 0.2,
    validationFraction: 0.15,
    minPieces: 6,
    evalTokens: quick ? 1024 : 8192,
    generatedPerArtist: quick ? 2 : 10,
    generatedSeconds: quick ? 10 : 30,
    sampling: { temperature: 0.8, topP: 0.9 },
    promptBars: 2,
    chunkBars: 16,
    maxChunksPerPiece: 24,
    windowBars: 4,
    renderSeconds: quick ? 20 : 60,
    trackSeconds: 60,
  };
}
