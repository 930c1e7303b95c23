import * as tf from "@tensorflow/tfjs";

/** Sum of squares of the weights, or of their distances to anchors (L2-SP: stay near the pretrained weights). */
export function l2Penalty(weights: readonly tf.Variable[], anchors: readonly tf.Tensor[] | undefined): tf.Scalar {
  return tf.addN(weights.map((w, i) => (anchors ? w.sub(anchors[i]!) : w).square().sum())) as tf.Scalar;
}

/** Gradients scaled down together so that their global norm is at most maxNorm (one bad batch cannot wreck Adam). */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => g.square().sum())));
  const scale = tf.minimum(1, tf.div(maxNorm, norm.add(1e-6)));
  return Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, g.mul(scale)]));
}
