import { resolveModelConfig } from "../../generator/src/model/model-config.js";
import type { StyleModel } from "../../generator/src/model/index.js";
import { trainModel, type EpochMetrics, type TrainProgress } from "../../generator/src/train/index.js";
import type { BenchCorpus, BenchPiece, StyleSplit } from "./generator-corpus.js";
import { trainingKey, type ModelStore } from "./generator-model-store.js";

/** The training recipe of the bench (part of generator-settings.ts). */
export interface TrainingSettings {
  pretrainEpochs: number;
  pretrainStepsPerEpoch: number;
  fineTuneEpochs: number;
  fineTuneStepsPerEpoch: number;
  batchSize: number;
  fineTuneLearningRate: number;
  l2: number;
  dropout: number;
  patience: number;
  /** Validation pieces are scored on their first tokens (Planet Blupi's run to ~90,000 tokens each). */
  evalTokens: number;
  /** Per-artist changes to the fine-tuning recipe (chosen on that artist's validation pieces). */
  fineTuneOverrides?: Readonly<Record<string, FineTuneOverride>>;
}

export interface FineTuneOverride {
  learningRate?: number;
  l2?: number;
  /** Transposition augmentation (semitones), see TrainModelParameters.transpositions. */
  transpositions?: readonly number[];
}

export interface TrainingReport {
  epochs: EpochMetrics[];
  bestEpoch: number;
  /** Validation loss of the base before fine-tuning (fine-tunes only). */
  initialValidationLoss?: number;
  stoppedEarly: boolean;
  tokensPerSecond: number;
  /** Whether this run trained the model or found it in the model store (the report is then the one it was stored with). */
  reused?: boolean;
  key: string;
}

export interface TrainedModels {
  base: StyleModel;
  baseReport: TrainingReport;
  tuned: Map<string, { model: StyleModel; report: TrainingReport }>;
}

export interface TrainOptions {
  settings: TrainingSettings;
  seed: number;
  store?: ModelStore;
  onProgress?: (label: string) => (p: TrainProgress) => void;
  log?: (line: string) => void;
}

/**
 * The base model (pretrained on every training piece, each under its style's token; early stopping on the artists'
 * validation pieces) and one fine-tuned model per artist (early stopping on that artist's validation pieces, the
 * base counting as epoch 0). Held-out pieces are not touched. With a model store, a model whose key is stored is
 * loaded instead of trained, and a trained one is stored.
 */
export async function trainBenchModels(corpus: BenchCorpus, options: TrainOptions): Promise<TrainedModels> {
  const base = await trainBase(corpus, options);
  const tuned = new Map<string, { model: StyleModel; report: TrainingReport }>();
  for (const artist of corpus.artists) tuned.set(artist.style, await fineTuneArtist(artist, base, options));
  return { base: base.model, baseReport: base.report, tuned };
}

/** The base model, from the store when it holds one with this recipe. */
export async function trainBase(corpus: BenchCorpus, options: TrainOptions): Promise<{ model: StyleModel; report: TrainingReport }> {
  const { settings: s, seed, store } = options;
  const log = options.log ?? (() => {});
  const evalTokensOf = (p: BenchPiece) => ({ name: p.name, tokens: p.tokens.slice(0, s.evalTokens) });
  const trainingPieces = [...corpus.general, ...corpus.artists.flatMap((a) => a.train)];
  const validationPieces = corpus.artists.flatMap((a) => a.validation.map(evalTokensOf));
  const config = resolveModelConfig({ initSeed: seed });
  const baseRecipe = { kind: "pretrain", epochs: s.pretrainEpochs, steps: s.pretrainStepsPerEpoch, batchSize: s.batchSize, patience: s.patience, seed, config, styles: trainingPieces.map((p) => p.style) };
  const baseKey = trainingKey(baseRecipe, [...trainingPieces, ...validationPieces]);
  const stored = await store?.load<TrainingReport>("base", baseKey);
  if (stored) {
    log(`   base: reused ${store!.pathOf("base", baseKey)}`);
    return { model: stored.model, report: { ...stored.report, reused: true } };
  }
  const result = await trainModel({
    pieces: trainingPieces.map((p) => ({ tokens: p.tokens, styleId: p.style })),
    validationPieces: corpus.artists.flatMap((a) => a.validation.map((p) => ({ tokens: evalTokensOf(p).tokens, styleId: a.style }))),
    styleId: corpus.general[0]?.style ?? corpus.artists[0]!.style,
    config: { initSeed: seed },
    epochs: s.pretrainEpochs,
    maxStepsPerEpoch: s.pretrainStepsPerEpoch,
    batchSize: s.batchSize,
    earlyStoppingPatience: s.patience,
    seed,
    onProgress: options.onProgress?.("base"),
  });
  const report: TrainingReport = { epochs: result.epochs, bestEpoch: result.bestEpoch, stoppedEarly: result.stoppedEarly, tokensPerSecond: result.tokensPerSecond, key: baseKey };
  if (store) log(`   base: stored in ${await store.save("base", baseKey, result.model, report)}`);
  return { model: result.model, report };
}

/** One artist's fine-tuned model (early stopping on its validation pieces), from the store when it holds one. */
export async function fineTuneArtist(artist: StyleSplit, base: { model: StyleModel; report: TrainingReport }, options: TrainOptions): Promise<{ model: StyleModel; report: TrainingReport }> {
  const { settings: s, seed, store } = options;
  const log = options.log ?? (() => {});
  const override = s.fineTuneOverrides?.[artist.style];
  const recipe = {
    kind: "fine-tune", style: artist.style, epochs: s.fineTuneEpochs, steps: s.fineTuneStepsPerEpoch, batchSize: s.batchSize,
    learningRate: override?.learningRate ?? s.fineTuneLearningRate, l2: override?.l2 ?? s.l2, dropout: s.dropout, patience: s.patience, seed: seed + 1,
    ...(override?.transpositions ? { transpositions: override.transpositions } : {}),
  };
  const validation = artist.validation.map((p) => ({ name: p.name, tokens: p.tokens.slice(0, s.evalTokens) }));
  const key = trainingKey(recipe, [...artist.train, ...validation], base.report.key);
  const stored = await store?.load<TrainingReport>(artist.style, key);
  if (stored) {
    log(`   ${artist.style}: reused ${store!.pathOf(artist.style, key)}`);
    return { model: stored.model, report: { ...stored.report, reused: true } };
  }
  const result = await trainModel({
    pieces: artist.train.map((p) => p.tokens),
    validationPieces: validation.map((p) => p.tokens),
    styleId: artist.style,
    base: base.model,
    epochs: s.fineTuneEpochs,
    maxStepsPerEpoch: s.fineTuneStepsPerEpoch,
    batchSize: s.batchSize,
    learningRate: recipe.learningRate,
    l2: recipe.l2,
    dropout: s.dropout,
    earlyStoppingPatience: s.patience,
    seed: seed + 1,
    ...(override?.transpositions ? { transpositions: override.transpositions } : {}),
    onProgress: options.onProgress?.(artist.style),
  });
  const report: TrainingReport = {
    epochs: result.epochs, bestEpoch: result.bestEpoch, stoppedEarly: result.stoppedEarly, tokensPerSecond: result.tokensPerSecond, key,
    ...(result.initialValidationLoss !== undefined ? { initialValidationLoss: result.initialValidationLoss } : {}),
  };
  if (store) log(`   ${artist.style}: stored in ${await store.save(artist.style, key, result.model, report)}`);
  return { model: result.model, report };
}
