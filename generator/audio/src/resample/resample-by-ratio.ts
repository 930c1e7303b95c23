import { Resampler, type ResamplerOptions } from "./resampler.js";

export interface ResampleByRatioOptions extends ResamplerOptions {
  /** Output length; round(n * ratio) by default. */
  length?: number;
}

/**
 * Resamples one channel by `ratio` output samples per input sample (any positive ratio in [1/256, 256], rational
 * or not). Played at the original rate the result is sped up by 1 / ratio: `resampleByRatio(x, 1 / 1.03)` is
 * 3% faster with the pitch 3% higher. Returns a new array.
 *
 * @throws InvalidResampleRatioError when ratio is not a finite number in [1/256, 256].
 * @example
 * const faster = resampleByRatio(channel, 1 / 1.03);
 */
export function resampleByRatio(channel: Float32Array, ratio: number, options: ResampleByRatioOptions = {}): Float32Array {
  const resampler = Resampler.forRatio(ratio, options);
  return resampler.process(channel, options.length ?? resampler.outputLength(channel.length));
}
