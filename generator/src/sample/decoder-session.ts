import * as tf from "@tensorflow/tfjs";
import { disposeKvCache, type KvCache } from "../model/kv-cache.js";
import type { StyleModel } from "../model/style-model.js";

/**
 * Incremental decoding of a batch of rows (beams) with a KV cache: each new token costs one position of attention
 * over the cache. When the cache reaches the model's context, it is rebuilt from the last half-context of each row
 * (learned positions restart at 0, as in the training windows), so the cost stays O(context) per token, amortised.
 */
export class DecoderSession {
  readonly model: StyleModel;
  readonly styleIndex: number;
  #rows: number[][];
  #cache: KvCache | undefined;

  constructor(model: StyleModel, styleIndex: number, rows: number) {
    this.model = model;
    this.styleIndex = styleIndex;
    this.#rows = Array.from({ length: rows }, () => []);
  }

  get rows(): number {
    return this.#rows.length;
  }

  /** Positions in the cache now. */
  get cached(): number {
    return this.#cache?.length ?? 0;
  }

  /** Starts every row with the same tokens; returns the logits after them, per row. */
  prefill(tokens: readonly number[]): Float32Array[] {
    if (tokens.length === 0) throw new RangeError("prefill needs at least one token");
    this.#rows = this.#rows.map(() => [...tokens]);
    return this.#rebuild();
  }

  /** Appends one token per row; returns the logits after it, per row. */
  step(tokens: readonly number[]): Float32Array[] {
    if (tokens.length !== this.#rows.length) throw new RangeError(`expected ${this.#rows.length} tokens, got ${tokens.length}`);
    this.#rows.forEach((row, i) => row.push(tokens[i]!));
    if (!this.#cache || this.#cache.length + 1 > this.model.config.contextLength) return this.#rebuild();
    return this.#run(tokens.map((t) => [t]));
  }

  /** Keeps rows `indices` (in that order, repeats allowed): beam search's survivors. */
  reorder(indices: readonly number[]): void {
    this.#rows = indices.map((i) => [...this.#rows[i]!]);
    if (!this.#cache) return;
    const old = this.#cache;
    this.#cache = tf.tidy(() => {
      const index = tf.tensor1d(indices as number[], "int32");
      return { keys: old.keys.map((k) => tf.gather(k, index)), values: old.values.map((v) => tf.gather(v, index)), length: old.length };
    });
    disposeKvCache(old);
  }

  dispose(): void {
    disposeKvCache(this.#cache);
    this.#cache = undefined;
  }

  #rebuild(): Float32Array[] {
    disposeKvCache(this.#cache);
    this.#cache = undefined;
    const context = this.model.config.contextLength;
    const length = this.#rows[0]!.length;
    const keep = length <= context ? length : Math.max(1, Math.floor(context / 2));
    return this.#run(this.#rows.map((row) => row.slice(row.length - keep)));
  }

  #run(input: number[][]): Float32Array[] {
    const past = this.#cache;
    const result = tf.tidy(() => {
      const r = this.model.transformer.forward(
        tf.tensor2d(input, [input.length, input[0]!.length], "int32"),
        tf.fill([input.length], this.styleIndex, "int32") as tf.Tensor1D,
        { cache: past, lastOnly: true, returnCache: true },
      );
      return { logits: r.logits, keys: r.cache!.keys, values: r.cache!.values };
    });
    disposeKvCache(past);
    this.#cache = { keys: result.keys, values: result.values, length: (past?.length ?? 0) + input[0]!.length };
    const flat = result.logits.dataSync() as Float32Array;
    result.logits.dispose();
    const size = this.model.vocabulary.size;
    return input.map((_, i) => flat.slice(i * size, (i + 1) * size));
  }
}
