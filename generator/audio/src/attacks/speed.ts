import type { Pcm } from "../pcm.js";
import { Resampler, type ResampleQuality } from "../resample/index.js";
import { mapChannels, requireNumber, requirePcm } from "./validate.js";

export interface SpeedParameters {
  /** Playback speed: 1.03 is 3% faster (and 3% higher), 0.97 is 3% slower. In [0.25, 4]. */
  factor: number;
  /** Resampler quality; "high" by default. */
  quality?: ResampleQuality;
}

/**
 * Speed change like a turntable or tape running fast: pitch and tempo both scale by `factor`, the length by
 * 1 / factor (round(n / factor) samples), the sample rate is kept. A band-limited resampling by 1 / factor.
 *
 * @example
 * const faster = speed(pcm, { factor: 1.03 }); // a 440 Hz tone comes out at 453.2 Hz
 */
export function speed(pcm: Pcm, { factor, quality }: SpeedParameters): Pcm {
  requirePcm("speed", pcm);
  requireNumber("speed", "factor", factor, { min: 0.25, max: 4 });
  const resampler = Resampler.forRatio(1 / factor, { quality });
  return mapChannels(pcm, (channel) => resampler.process(channel));
}
