import * as tf from "@tensorflow/tfjs";
import type { KvCache } from "./kv-cache.js";
import { causalMask, dense, embed, gelu, layerNorm } from "./layers.js";
import type { ModelConfig } from "./model-config.js";

export interface ForwardOptions {
  /** Dropout rate (training only; 0 or absent at inference). */
  dropout?: number;
  /** Seed of this pass's dropout masks (each mask derives its own from it). */
  dropoutSeed?: number;
  /** Positions already processed: the new tokens continue from `cache.length`. */
  cache?: KvCache;
  /** Compute logits for the last position only (generation), skipping the vocabulary projection elsewhere. */
  lastOnly?: boolean;
  /** Return the keys and values of every position (cache + new), to continue decoding. */
  returnCache?: boolean;
}

export interface ForwardResult {
  /** [batch, time, vocabulary] (time = 1 with lastOnly). */
  logits: tf.Tensor3D;
  /** Present with returnCache; the caller owns (and disposes) its tensors. */
  cache?: KvCache;
}

/**
 * A decoder-only Transformer (GPT-2 style): token + learned position + style embeddings, pre-LayerNorm blocks of
 * multi-head causal self-attention and a GELU MLP, a final LayerNorm and a tied or separate output projection.
 * Runs inside the caller's tf.tidy.
 */
export class Transformer {
  readonly config: ModelConfig;
  readonly variables: ReadonlyMap<string, tf.Variable>;

  constructor(config: ModelConfig, variables: ReadonlyMap<string, tf.Variable>) {
    this.config = config;
    this.variables = variables;
  }

  /** tokens [batch, time] int32, styles [batch] int32 (style index, not token id). */
  forward(tokens: tf.Tensor2D, styles: tf.Tensor1D, options: ForwardOptions = {}): ForwardResult {
    const { dModel: d, numHeads: heads } = this.config;
    const headDim = d / heads;
    const [batch, time] = tokens.shape;
    const past = options.cache?.length ?? 0;
    if (past + time > this.config.contextLength) {
      throw new RangeError(`${past + time} positions exceed the context of ${this.config.contextLength}`);
    }
    const rate = options.dropout ?? 0;
    let seed = options.dropoutSeed ?? 0;
    const drop = (x: tf.Tensor): tf.Tensor => (rate > 0 ? tf.dropout(x, rate, undefined, seed++) : x);
    const w = (name: string): tf.Tensor => this.variables.get(name)!;

    const position = w("embedding/position").slice([past, 0], [time, d]);
    const style = embed(styles, w("embedding/style")).reshape([batch, 1, d]);
    let x = drop(embed(tokens, w("embedding/token")).add(position).add(style));

    const mask = causalMask(time, past);
    const split = (t: tf.Tensor): tf.Tensor4D => t.reshape([batch, time, heads, headDim]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
    const keys: tf.Tensor4D[] = [];
    const values: tf.Tensor4D[] = [];
    for (let i = 0; i < this.config.numLayers; i++) {
      const p = `block${i}`;
      const h = layerNorm(x, w(`${p}/ln1/gamma`), w(`${p}/ln1/beta`));
      const [q, k, v] = tf.split(dense(h, w(`${p}/attention/qkv/kernel`), w(`${p}/attention/qkv/bias`)), 3, -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      let kh = split(k);
      let vh = split(v);
      if (options.cache) {
        kh = tf.concat([options.cache.keys[i]!, kh], 2);
        vh = tf.concat([options.cache.values[i]!, vh], 2);
      }
      keys.push(kh);
      values.push(vh);
      const scores = tf.matMul(split(q), kh, false, true).mul(1 / Math.sqrt(headDim)).add(mask);
      const attended = tf.matMul(tf.softmax(scores), vh).transpose([0, 2, 1, 3]).reshape([batch, time, d]);
      x = x.add(drop(dense(attended, w(`${p}/attention/output/kernel`), w(`${p}/attention/output/bias`))));
      const h2 = layerNorm(x, w(`${p}/ln2/gamma`), w(`${p}/ln2/beta`));
      const hidden = gelu(dense(h2, w(`${p}/mlp/hidden/kernel`), w(`${p}/mlp/hidden/bias`)));
      x = x.add(drop(dense(hidden, w(`${p}/mlp/output/kernel`), w(`${p}/mlp/output/bias`))));
    }
    if (options.lastOnly) x = x.slice([0, time - 1, 0], [batch, 1, d]);
    const out = layerNorm(x, w("final_ln/gamma"), w("final_ln/beta"));
    const steps = options.lastOnly ? 1 : time;
    const flat = out.reshape([batch * steps, d]) as tf.Tensor2D;
    const projected = this.config.tiedEmbeddings
      ? tf.matMul(flat, w("embedding/token") as tf.Tensor2D, false, true)
      : tf.matMul(flat, w("head/kernel") as tf.Tensor2D);
    const logits = projected.add(w("head/bias")).reshape([batch, steps, -1]) as tf.Tensor3D;
    return options.returnCache ? { logits, cache: { keys, values, length: past + time } } : { logits };
  }
}
