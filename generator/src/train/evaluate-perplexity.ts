import * as tf from "@tensorflow/tfjs";
import type { StyleModel } from "../model/style-model.js";
import { disposeTokenBatch, makeTokenBatch } from "./token-batch.js";
import { sequenceLoss } from "./sequence-loss.js";
import { slidingWindows, styledSequence } from "./training-windows.js";

export interface PerplexityReturnType {
  /** Mean cross-entropy in nats per token. */
  loss: number;
  /** exp(loss). */
  perplexity: number;
  /** Tokens scored. */
  tokens: number;
}

/**
 * Held-out perplexity of a model on pieces in a style: every token after BOS STYLE is scored once (non-overlapping
 * windows of the model's context), without dropout.
 */
export function evaluatePerplexity(model: StyleModel, pieces: readonly (readonly number[])[], styleId: string, batchSize = 16): PerplexityReturnType {
  const styleIndex = model.styleIndex(styleId);
  const context = model.config.contextLength;
  const windows = pieces.flatMap((p) => slidingWindows(styledSequence(p, model.vocabulary.styleBase + styleIndex, model.vocabulary), context, context));
  let total = 0;
  let tokens = 0;
  for (let i = 0; i < windows.length; i += batchSize) {
    const batch = makeTokenBatch(windows.slice(i, i + batchSize), styleIndex, model.vocabulary.pad);
    const loss = tf.tidy(() => sequenceLoss(model, batch));
    total += loss.dataSync()[0]! * batch.tokens;
    tokens += batch.tokens;
    loss.dispose();
    disposeTokenBatch(batch);
  }
  const loss = tokens > 0 ? total / tokens : NaN;
  return { loss, perplexity: Math.exp(loss), tokens };
}
