import { InvalidAttackParameterError } from "../errors/attack-error.js";
import type { Pcm } from "../pcm.js";
import { applyBiquads, butterworth } from "./biquad.js";
import { mapChannels, requireNumber, requirePcm } from "./validate.js";

export interface HighpassParameters {
  /** -3 dB frequency in Hz, below Nyquist. */
  cutoffHz: number;
  /** Even Butterworth order, 2..16 (6 dB per octave each); 4 by default (24 dB per octave). */
  order?: number;
}

/**
 * Butterworth high-pass: a cascade of biquads, causal like a real-world filter (removes DC and rumble; its phase
 * shift is concentrated around the cutoff). Returns a new Pcm.
 *
 * @example
 * const thin = highpass(pcm, { cutoffHz: 500 });
 */
export function highpass(pcm: Pcm, { cutoffHz, order = 4 }: HighpassParameters): Pcm {
  requirePcm("highpass", pcm);
  requireNumber("highpass", "cutoffHz", cutoffHz, { above: 0, below: pcm.sampleRate / 2 });
  if (requireNumber("highpass", "order", order, { min: 2, max: 16, integer: true }) % 2 !== 0) {
    throw new InvalidAttackParameterError("highpass", "order", order, "an even integer");
  }
  const sections = butterworth("highpass", cutoffHz, pcm.sampleRate, order);
  return mapChannels(pcm, (channel) => applyBiquads(sections, channel));
}
