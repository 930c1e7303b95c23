import * as tf from "@tensorflow/tfjs";
import type { StyleModel } from "../model/style-model.js";
import type { TokenBatch } from "./token-batch.js";

/**
 * Mean cross-entropy (nats per real target token) of a batch. The target log-probability is picked with a one-hot
 * product rather than a gather, for the wasm backend's sake.
 */
export function sequenceLoss(model: StyleModel, batch: TokenBatch, options: { dropout?: number; dropoutSeed?: number } = {}): tf.Scalar {
  const { logits } = model.transformer.forward(batch.inputs, batch.styles, options);
  const targets = tf.oneHot(batch.targets.flatten(), model.vocabulary.size).toFloat().reshape(logits.shape);
  const nll = tf.logSoftmax(logits).mul(targets).sum(-1).neg();
  return nll.mul(batch.weights).sum().div(Math.max(1, batch.tokens)) as tf.Scalar;
}
