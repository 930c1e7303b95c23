import * as tf from "@tensorflow/tfjs";

/** Layer normalisation over the last axis. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon = 1e-5): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).mul(tf.rsqrt(variance.add(epsilon))).mul(gamma).add(beta);
}

/** GELU, tanh approximation (GPT-2's), from primitive ops: every backend has their gradients. */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
  return x.mul(0.5).mul(tf.tanh(inner).add(1));
}

/** x [..., in] times kernel [in, out] plus bias, for inputs of any rank. */
export function dense(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const inner = x.shape[x.shape.length - 1]!;
  const outer = x.shape.slice(0, -1);
  return tf.matMul(x.reshape([-1, inner]), kernel as tf.Tensor2D).add(bias).reshape([...outer, kernel.shape[1]!]);
}

/**
 * Embedding lookup as a one-hot matrix product: the wasm backend has no gradient for gather, and a matmul's gradient
 * is the same update. ids [...] int32 -> [..., d].
 */
export function embed(ids: tf.Tensor, table: tf.Tensor): tf.Tensor {
  const depth = table.shape[0]!;
  const oneHot = tf.oneHot(ids.flatten() as tf.Tensor1D, depth).toFloat();
  return tf.matMul(oneHot, table as tf.Tensor2D).reshape([...ids.shape, table.shape[1]!]);
}

/**
 * Additive attention mask for `queries` new positions that follow `past` cached ones: 0 where key j may be seen by
 * query i (j <= past + i), a large negative number elsewhere. [queries, past + queries].
 */
export function causalMask(queries: number, past: number): tf.Tensor2D {
  const keys = past + queries;
  const data = new Float32Array(queries * keys);
  for (let i = 0; i < queries; i++) for (let j = past + i + 1; j < keys; j++) data[i * keys + j] = -1e9;
  return tf.tensor2d(data, [queries, keys]);
}
