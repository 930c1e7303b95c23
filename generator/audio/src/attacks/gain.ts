import type { Pcm } from "../pcm.js";
import { mapChannels, requireNumber, requirePcm } from "./validate.js";

export interface GainParameters {
  /** Gain in dB (-6 halves the amplitude); samples beyond +/-1 are hard-clipped. */
  db: number;
}

/**
 * Scales by 10^(db / 20) and hard-clips to [-1, 1] (what a careless level change in a 16-bit or float-to-fixed chain
 * does). Returns a new Pcm.
 *
 * @example
 * const louder = gain(pcm, { db: 6 }); // clips a track that peaks above -6 dBFS
 */
export function gain(pcm: Pcm, { db }: GainParameters): Pcm {
  requirePcm("gain", pcm);
  const g = 10 ** (requireNumber("gain", "db", db, { min: -200, max: 200 }) / 20);
  return mapChannels(pcm, (channel) => {
    const out = new Float32Array(channel.length);
    for (let i = 0; i < channel.length; i++) out[i] = Math.max(-1, Math.min(1, channel[i]! * g));
    return out;
  });
}
