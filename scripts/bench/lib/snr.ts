import type { Pcm } from "../../../generator/audio/src/pcm.js";

/**
 * Signal-to-noise ratio of `test` against `reference` in dB over all channels: 10 log10(sum x^2 / sum (y - x)^2),
 * the definition WavMark and AudioSeal report for watermarked audio. Infinity when the two are identical, -Infinity
 * when the reference is silent and they differ.
 *
 * @throws Error when the two differ in channel count or length (an SNR of misaligned audio means nothing).
 */
export function snrDb(reference: Pcm, test: Pcm): number {
  if (reference.channels.length !== test.channels.length) {
    throw new Error(`snrDb: ${reference.channels.length} reference channels against ${test.channels.length}`);
  }
  let signal = 0;
  let error = 0;
  reference.channels.forEach((x, c) => {
    const y = test.channels[c]!;
    if (y.length !== x.length) throw new Error(`snrDb: channel ${c} lengths differ (${x.length} vs ${y.length})`);
    for (let i = 0; i < x.length; i++) {
      signal += x[i]! * x[i]!;
      const d = y[i]! - x[i]!;
      error += d * d;
    }
  });
  if (error === 0) return Infinity;
  return 10 * Math.log10(signal / error);
}
