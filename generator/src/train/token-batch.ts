import * as tf from "@tensorflow/tfjs";

/** One batch of windows as tensors: inputs and targets [batch, time] padded with PAD, and a weight per target. */
export interface TokenBatch {
  inputs: tf.Tensor2D;
  targets: tf.Tensor2D;
  /** 1 where the target is a real token, 0 on padding. */
  weights: tf.Tensor2D;
  styles: tf.Tensor1D;
  /** Number of real targets. */
  tokens: number;
}

/**
 * Tensors of a batch of windows (each input is the window without its last token, each target without its first),
 * with one style index for the whole batch or one per window.
 */
export function makeTokenBatch(windows: readonly number[][], styles: number | readonly number[], pad: number): TokenBatch {
  const time = Math.max(...windows.map((w) => w.length)) - 1;
  const inputs = new Int32Array(windows.length * time).fill(pad);
  const targets = new Int32Array(windows.length * time).fill(pad);
  const weights = new Float32Array(windows.length * time);
  let tokens = 0;
  windows.forEach((w, b) => {
    for (let t = 0; t + 1 < w.length; t++) {
      inputs[b * time + t] = w[t]!;
      targets[b * time + t] = w[t + 1]!;
      weights[b * time + t] = 1;
      tokens++;
    }
  });
  const shape: [number, number] = [windows.length, time];
  return {
    inputs: tf.tensor2d(inputs, shape, "int32"),
    targets: tf.tensor2d(targets, shape, "int32"),
    weights: tf.tensor2d(weights, shape, "float32"),
    styles: typeof styles === "number" ? (tf.fill([windows.length], styles, "int32") as tf.Tensor1D) : tf.tensor1d(styles as number[], "int32"),
    tokens,
  };
}

export function disposeTokenBatch(batch: TokenBatch): void {
  tf.dispose([batch.inputs, batch.targets, batch.weights, batch.styles]);
}
