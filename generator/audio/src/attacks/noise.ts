import type { Pcm } from "../pcm.js";
import { SeededRandom } from "../random/seeded-random.js";
import { requireNumber, requirePcm } from "./validate.js";

export interface NoiseParameters {
  /** Signal-to-noise ratio in dB: signal power over added noise power. */
  snrDb: number;
}

/**
 * Adds white Gaussian noise (independent per channel, drawn from `rng`) scaled so that the signal's actual mean power
 * over all channels divided by the realised noise power is exactly 10^(snrDb / 10). A silent input stays silent.
 * The result is not clipped (clipping would change the SNR): peaks may exceed +/-1. Returns a new Pcm.
 *
 * @example
 * const noisy = noise(pcm, { snrDb: 20 }, new SeededRandom(7));
 */
export function noise(pcm: Pcm, { snrDb }: NoiseParameters, rng: SeededRandom = new SeededRandom(0)): Pcm {
  requirePcm("noise", pcm);
  const snr = requireNumber("noise", "snrDb", snrDb, { min: -100, max: 200 });
  const draws = pcm.channels.map((channel) => Float64Array.from(channel, () => rng.gaussian()));
  let signalEnergy = 0;
  let noiseEnergy = 0;
  pcm.channels.forEach((channel, c) => {
    const n = draws[c]!;
    for (let i = 0; i < channel.length; i++) {
      signalEnergy += channel[i]! * channel[i]!;
      noiseEnergy += n[i]! * n[i]!;
    }
  });
  const scale = noiseEnergy > 0 ? Math.sqrt(signalEnergy / noiseEnergy / 10 ** (snr / 10)) : 0;
  return {
    sampleRate: pcm.sampleRate,
    channels: pcm.channels.map((channel, c) => {
      const n = draws[c]!;
      const out = new Float32Array(channel.length);
      for (let i = 0; i < channel.length; i++) out[i] = channel[i]! + scale * n[i]!;
      return out;
    }),
  };
}
