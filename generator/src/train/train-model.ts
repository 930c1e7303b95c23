import * as tf from "@tensorflow/tfjs";
import { SeededRandom } from "../../audio/src/random/seeded-random.js";
import type { ModelConfigInput } from "../model/model-config.js";
import { createStyleModel, type StyleModel } from "../model/style-model.js";
import { transposeTokens } from "../tokenizer/transpose-tokens.js";
import { evaluatePerplexity } from "./evaluate-perplexity.js";
import { disposeTokenBatch, makeTokenBatch } from "./token-batch.js";
import { sequenceLoss } from "./sequence-loss.js";
import { EmptyCorpusError, TrainingCancelledError } from "./train-error.js";
import { clipByGlobalNorm, l2Penalty } from "./regularisation.js";
import { resolveTrainingParameters, type ResolvedTrainingParameters } from "./resolve-training-parameters.js";
import { shuffle, slidingWindows, styledSequence } from "./training-windows.js";

/**
 * A training piece: its tokens (encodeMidi output), in the run's `styleId`, or with a style of its own (a general
 * corpus of several artists can be pretrained with each artist's style token).
 */
export type TrainingPiece = readonly number[] | { readonly tokens: readonly number[]; readonly styleId: string };

export interface TrainModelParameters {
  pieces: readonly TrainingPiece[];
  /**
   * Validation pieces: perplexity per epoch, early stopping, and the best epoch's weights are kept (when fine-tuning,
   * the base's own weights count as epoch 0). Keep them apart from the pieces the model is finally evaluated on.
   */
  validationPieces?: readonly TrainingPiece[];
  /** The style of the pieces that name none (added to the model's styles if new, as are the pieces' own). */
  styleId: string;
  /** Hyper-parameters of a new model (ignored with `base`). */
  config?: ModelConfigInput;
  /** Fine-tune a copy of this model (it stays untouched). */
  base?: StyleModel;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /**
   * L2 penalty on the weight matrices: towards the base model's weights when fine-tuning (L2-SP: the artist model
   * stays near what pretraining learned, which is what keeps it from overfitting a handful of pieces), towards zero
   * otherwise.
   */
  l2?: number;
  dropout?: number;
  /** Epochs without a better validation loss before stopping (needs validationPieces). */
  earlyStoppingPatience?: number;
  /** Seed of the shuffling and the dropout masks (and of the initial weights of a new model, unless config sets initSeed). */
  seed?: number;
  /** Cap on the optimisation steps per epoch (the windows are shuffled, so a cap samples the corpus). */
  maxStepsPerEpoch?: number;
  /**
   * Data augmentation: each epoch, each piece is transposed by one of these semitone shifts, drawn with the seed
   * (drums stay put; a shift that leaves the MIDI range leaves the piece as it is). Off by default: transposition
   * spreads a style over all keys, which blurs key as a trait of the artist.
   */
  transpositions?: readonly number[];
  /** Clip the gradients' global norm to this (0 = no clipping). */
  clipNorm?: number;
  onProgress?: (progress: TrainProgress) => void;
  signal?: AbortSignal;
}

export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  trainPerplexity: number;
  validationLoss?: number;
  validationPerplexity?: number;
  steps: number;
  tokens: number;
  seconds: number;
}

export type TrainProgress =
  | { kind: "step"; epoch: number; epochs: number; step: number; steps: number; loss: number; tokensPerSecond: number }
  | { kind: "epoch"; epoch: number; epochs: number; metrics: EpochMetrics };

export interface TrainModelReturnType {
  /** The trained model (a new one, or a fine-tuned copy of the base); the best epoch's weights when validated. */
  model: StyleModel;
  epochs: EpochMetrics[];
  /** Epoch whose weights the model holds (1-based); 0 when fine-tuning never beat the base on the validation pieces. */
  bestEpoch: number;
  /** Validation loss of the starting weights (fine-tuning with validation pieces): "epoch 0", the bar to beat. */
  initialValidationLoss?: number;
  stoppedEarly: boolean;
  /** Training tokens per second over the whole run (validation excluded). */
  tokensPerSecond: number;
  /** Backend that trained. */
  backend: string;
}

/**
 * Trains a style model: pretraining from scratch on a general corpus, or fine-tuning a base model on one artist
 * (L2 towards the base, dropout, early stopping on held-out pieces). Adam with gradient clipping; deterministic for a
 * given seed on a given backend.
 *
 * @example
 * const { model, epochs } = await trainModel({ pieces, validationPieces, styleId: "artist-1", base, epochs: 20, l2: 1e-4 });
 */
export async function trainModel(parameters: TrainModelParameters): Promise<TrainModelReturnType> {
  const p = resolveTrainingParameters(parameters);
  const model = parameters.base ? parameters.base.clone() : createStyleModel({ initSeed: p.seed, ...parameters.config, styles: [] });
  try {
    return await train(model, parameters, p);
  } catch (error) {
    model.dispose();
    throw error;
  }
}

async function train(model: StyleModel, parameters: TrainModelParameters, p: ResolvedTrainingParameters): Promise<TrainModelReturnType> {
  const v = model.vocabulary;
  const context = model.config.contextLength;
  model.addStyle(parameters.styleId);
  const styleOf = (piece: TrainingPiece): number => model.addStyle(isStyled(piece) ? piece.styleId : parameters.styleId);
  const tokensOf = (piece: TrainingPiece): readonly number[] => (isStyled(piece) ? piece.tokens : piece);
  const sequences = parameters.pieces
    .map((piece) => ({ style: styleOf(piece), tokens: styledSequence(tokensOf(piece), v.styleBase + styleOf(piece), v) }))
    .filter((s) => s.tokens.length > 3);
  if (sequences.length === 0) throw new EmptyCorpusError(parameters.pieces.length === 0 ? undefined : "no piece holds a note");
  const stride = Math.max(1, Math.floor(context / 2));
  const validation = groupByStyle((parameters.validationPieces ?? []).filter((piece) => tokensOf(piece).length > 2), (piece) => model.config.styles[styleOf(piece)]!, tokensOf);

  const variables = model.layout.map((spec) => model.transformer.variables.get(spec.name)!);
  const decayed = model.layout.filter((spec) => spec.decay).map((spec) => model.transformer.variables.get(spec.name)!);
  const anchors = parameters.base ? decayed.map((variable) => tf.keep(variable.clone())) : undefined;
  const optimizer = tf.train.adam(p.learningRate);
  const random = new SeededRandom(p.seed);
  const epochs: EpochMetrics[] = [];
  let best = { loss: Infinity, epoch: 0, weights: undefined as Map<string, Float32Array> | undefined };
  let stoppedEarly = false;
  let trainedTokens = 0;
  let trainingSeconds = 0;
  let dropoutSeed = p.seed * 1000 + 1;
  const validationLoss = (): number => {
    const held = [...validation].map(([styleId, pieces]) => evaluatePerplexity(model, pieces, styleId, p.batchSize));
    const tokensHeld = held.reduce((n, h) => n + h.tokens, 0);
    return held.reduce((sum, h) => sum + h.loss * h.tokens, 0) / Math.max(1, tokensHeld);
  };
  // A fine-tune starts from weights that already have a validation loss: an epoch must beat it to be kept, so a
  // fine-tuned model never ends worse than its base on the validation pieces.
  let initialValidationLoss: number | undefined;
  if (parameters.base && validation.size > 0) {
    initialValidationLoss = validationLoss();
    best = { loss: initialValidationLoss, epoch: 0, weights: model.readWeights() };
  }

  try {
    for (let epoch = 1; epoch <= p.epochs; epoch++) {
      const started = performance.now();
      // Window starts shift by a random offset each epoch: the model meets every phase of a piece at every position,
      // as it does when generation slides its context along.
      const shifted = p.transpositions.length === 0
        ? sequences
        : sequences.map((s) => ({ ...s, tokens: transposeTokens(s.tokens, p.transpositions[random.int(0, p.transpositions.length)]!, v) ?? s.tokens }));
      const windows = shifted.flatMap(({ style, tokens }) =>
        slidingWindows(tokens, context, stride, tokens.length > context + 1 ? random.int(0, stride) : 0).map((w) => ({ style, tokens: w })));
      const order = shuffle(windows.length, random);
      const steps = Math.min(Math.ceil(order.length / p.batchSize), p.maxStepsPerEpoch);
      let lossSum = 0;
      let tokens = 0;
      for (let step = 0; step < steps; step++) {
        const picked = order.slice(step * p.batchSize, (step + 1) * p.batchSize).map((i) => windows[i]!);
        const batch = makeTokenBatch(picked.map((w) => w.tokens), picked.map((w) => w.style), v.pad);
        const seed = dropoutSeed++;
        const loss = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => {
            const data = sequenceLoss(model, batch, { dropout: p.dropout, dropoutSeed: seed });
            return (p.l2 > 0 ? data.add(l2Penalty(decayed, anchors).mul(p.l2)) : data) as tf.Scalar;
          }, variables);
          // applyGradients finds each variable by the name the gradient map is keyed on.
          optimizer.applyGradients((p.clipNorm > 0 ? clipByGlobalNorm(grads, p.clipNorm) : grads) as unknown as Parameters<typeof optimizer.applyGradients>[0]);
          return value;
        });
        const value = loss.dataSync()[0]!;
        loss.dispose();
        lossSum += value * batch.tokens;
        tokens += batch.tokens;
        disposeTokenBatch(batch);
        const elapsed = (performance.now() - started) / 1000;
        parameters.onProgress?.({ kind: "step", epoch, epochs: p.epochs, step: step + 1, steps, loss: value, tokensPerSecond: tokens / Math.max(elapsed, 1e-9) });
        await new Promise((resolve) => setImmediate(resolve));
        if (parameters.signal?.aborted) throw new TrainingCancelledError({ cause: parameters.signal.reason });
      }
      model.weightsChanged();
      const seconds = (performance.now() - started) / 1000;
      trainedTokens += tokens;
      trainingSeconds += seconds;
      const trainLoss = lossSum / Math.max(1, tokens);
      const metrics: EpochMetrics = { epoch, trainLoss, trainPerplexity: Math.exp(trainLoss), steps, tokens, seconds };
      if (validation.size > 0) {
        const loss = validationLoss();
        metrics.validationLoss = loss;
        metrics.validationPerplexity = Math.exp(loss);
        if (loss < best.loss - 1e-6) best = { loss, epoch, weights: model.readWeights() };
      }
      epochs.push(metrics);
      parameters.onProgress?.({ kind: "epoch", epoch, epochs: p.epochs, metrics });
      if (validation.size > 0 && epoch - best.epoch >= p.earlyStoppingPatience && epoch < p.epochs) {
        stoppedEarly = true;
        break;
      }
    }
    if (best.weights && best.epoch !== epochs.length) model.writeWeights(best.weights);
  } finally {
    optimizer.dispose();
    if (anchors) tf.dispose(anchors);
  }
  return {
    model,
    epochs,
    bestEpoch: best.weights ? best.epoch : epochs.length,
    ...(initialValidationLoss !== undefined ? { initialValidationLoss } : {}),
    stoppedEarly,
    tokensPerSecond: trainedTokens / Math.max(trainingSeconds, 1e-9),
    backend: tf.getBackend(),
  };
}

function isStyled(piece: TrainingPiece): piece is { readonly tokens: readonly number[]; readonly styleId: string } {
  return !Array.isArray(piece);
}

function groupByStyle<T>(items: readonly T[], style: (item: T) => string, tokens: (item: T) => readonly number[]): Map<string, Array<readonly number[]>> {
  const groups = new Map<string, Array<readonly number[]>>();
  for (const item of items) {
    const key = style(item);
    groups.set(key, [...(groups.get(key) ?? []), tokens(item)]);
  }
  return groups;
}
