import type * as tf from "@tensorflow/tfjs";

/**
 * Keys and values of the positions already seen, per layer ([batch, heads, length, headDim] each), so that decoding
 * one more token attends over them instead of recomputing the prefix: O(length) work per token, not O(length^2).
 */
export interface KvCache {
  keys: tf.Tensor4D[];
  values: tf.Tensor4D[];
  /** Positions held (the position of the next token). */
  length: number;
}

export function disposeKvCache(cache: KvCache | undefined): void {
  if (!cache) return;
  for (const t of cache.keys) t.dispose();
  for (const t of cache.values) t.dispose();
}
