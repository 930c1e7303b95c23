import { InvalidSampleRateError } from "../errors/resample-error.js";
import type { Pcm } from "../pcm.js";
import { Resampler, type ResamplerOptions } from "./resampler.js";

export type ResampleOptions = ResamplerOptions;

/**
 * Band-limited resampling of every channel to `toRate` (see `Resampler`): length round(n * toRate / fromRate),
 * anti-aliased when downsampling, an exact copy when the rates are equal. Returns new arrays; `pcm` is not mutated.
 *
 * @throws InvalidSampleRateError when either rate is not a positive finite number.
 * @throws InvalidResampleRatioError when toRate / fromRate is outside [1/256, 256].
 * @example
 * const at11k = resample(pcm, 11_025);               // for fingerprinting
 * const fast = resample(pcm, 48_000, { quality: "medium" });
 */
export function resample(pcm: Pcm, toRate: number, options: ResampleOptions = {}): Pcm {
  if (typeof pcm.sampleRate !== "number" || !Number.isFinite(pcm.sampleRate) || pcm.sampleRate <= 0) {
    throw new InvalidSampleRateError(pcm.sampleRate, { details: "The input's sample rate" });
  }
  const resampler = Resampler.forRates(pcm.sampleRate, toRate, options);
  return { sampleRate: toRate, channels: pcm.channels.map((channel) => resampler.process(channel)) };
}
