import { pcmLength, type Pcm } from "../pcm.js";
import { Resampler, type ResampleQuality } from "../resample/index.js";
import { mapChannels, requireNumber, requirePcm } from "./validate.js";

export interface ResampleAttackParameters {
  /** The intermediate sample rate in Hz, e.g. 22050: everything above its Nyquist frequency is lost. */
  rate: number;
  /** Resampler quality for both conversions; "high" by default. */
  quality?: ResampleQuality;
}

/**
 * Resamples to `rate` and back to the original rate, keeping the length exactly (the round trip can differ by a
 * sample; the last one is cut or zero-padded). Band-limited both ways, so the content below the intermediate Nyquist
 * frequency is kept, aligned, and what lies above it is removed. Returns a new Pcm.
 *
 * @example
 * const narrow = resampleAttack(pcm, { rate: 22_050 });
 */
export function resampleAttack(pcm: Pcm, { rate, quality }: ResampleAttackParameters): Pcm {
  requirePcm("resample", pcm);
  requireNumber("resample", "rate", rate, { min: pcm.sampleRate / 64, max: pcm.sampleRate * 64 });
  const n = pcmLength(pcm);
  const down = Resampler.forRates(pcm.sampleRate, rate, { quality });
  const up = Resampler.forRates(rate, pcm.sampleRate, { quality });
  return mapChannels(pcm, (channel) => up.process(down.process(channel), n));
}
