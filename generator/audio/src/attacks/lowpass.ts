import { InvalidAttackParameterError } from "../errors/attack-error.js";
import type { Pcm } from "../pcm.js";
import { applyBiquads, butterworth } from "./biquad.js";
import { mapChannels, requireNumber, requirePcm } from "./validate.js";

export interface LowpassParameters {
  /** -3 dB frequency in Hz, below Nyquist. */
  cutoffHz: number;
  /** Even Butterworth order, 2..16 (6 dB per octave each); 4 by default (24 dB per octave). */
  order?: number;
}

/**
 * Butterworth low-pass: a cascade of biquads, causal like a real-world filter. Its group delay in the passband
 * is small: 2.61 / (2 pi cutoff) s at DC for order 4, 0.1 ms or 4.6 samples at 4 kHz, 44.1 kHz. Returns a new Pcm.
 *
 * @example
 * const muffled = lowpass(pcm, { cutoffHz: 4000 });
 */
export function lowpass(pcm: Pcm, { cutoffHz, order = 4 }: LowpassParameters): Pcm {
  requirePcm("lowpass", pcm);
  requireNumber("lowpass", "cutoffHz", cutoffHz, { above: 0, below: pcm.sampleRate / 2 });
  if (requireNumber("lowpass", "order", order, { min: 2, max: 16, integer: true }) % 2 !== 0) {
    throw new InvalidAttackParameterError("lowpass", "order", order, "an even integer");
  }
  const sections = butterworth("lowpass", cutoffHz, pcm.sampleRate, order);
  return mapChannels(pcm, (channel) => applyBiquads(sections, channel));
}
